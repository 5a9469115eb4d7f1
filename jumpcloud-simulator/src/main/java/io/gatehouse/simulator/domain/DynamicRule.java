package io.gatehouse.simulator.domain;

import java.util.Locale;

/**
 * The rule of a dynamic group, shaped like one filter of JumpCloud's {@code memberQuery}:
 * {@code {"field":"department","operator":"eq","value":"Support"}}. Field: a user field or a custom attribute
 * name; operators {@code eq}, {@code ne}, {@code sw} (starts with), {@code ew} (ends with); case-insensitive.
 */
public record DynamicRule(String field, String operator, String value) {

    public DynamicRule {
        if (field == null || field.isBlank() || value == null) {
            throw SimException.badRequest("dynamicRule needs field and value");
        }
        operator = operator == null ? "eq" : operator;
        if (!operator.matches("eq|ne|sw|ew")) {
            throw SimException.badRequest("dynamicRule operator must be eq, ne, sw or ew");
        }
    }

    public boolean matches(SimUser user) {
        String actual = user.field(field);
        String a = actual == null ? null : actual.toLowerCase(Locale.ROOT);
        String v = value.toLowerCase(Locale.ROOT);
        return switch (operator) {
            case "eq" -> v.equals(a);
            case "ne" -> !v.equals(a);
            case "sw" -> a != null && a.startsWith(v);
            default -> a != null && a.endsWith(v);
        };
    }
}
