package io.gatehouse.users.domain;

import io.gatehouse.events.GatehouseEvent;
import java.util.regex.Pattern;

/** Sanity checks for consumed events; a failure throws so the platform dead-letters the message. */
final class EventChecks {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private EventChecks() {}

    static void account(GatehouseEvent event) {
        if (!AccountIds.isValid(event.accountId())) {
            throw new InvalidEventDataException(event.eventType() + " " + event.eventId() + ": invalid accountId");
        }
    }

    static void email(GatehouseEvent event, String email) {
        if (email == null || email.length() > 320 || !EMAIL.matcher(email).matches()) {
            throw new InvalidEventDataException(event.eventType() + " " + event.eventId() + ": invalid email");
        }
    }

    static void present(GatehouseEvent event, Object value, String field) {
        if (value == null) {
            throw new InvalidEventDataException(event.eventType() + " " + event.eventId() + ": missing " + field);
        }
    }

    static String limit(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
