package io.gatehouse.directory.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** List parameters (RFC 7644 §3.4.2): 1-based {@code startIndex}, {@code count}, and the parsed filter. */
public record ScimPaging(int startIndex, int count, Filter filter) {
    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 1000;
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    public static ScimPaging of(String filter, String startIndex, String count) {
        int start = parseInt(startIndex, 1, "startIndex");
        int n = parseInt(count, DEFAULT_COUNT, "count");
        Filter f = null;
        if (filter != null && !filter.isBlank()) {
            if (!balanced(filter)) {
                throw ScimException.invalidFilter("the filter could not be parsed: unbalanced brackets");
            }
            try {
                f = Filter.fromString(filter);
            } catch (BadRequestException e) {
                throw ScimException.invalidFilter("the filter could not be parsed: " + e.getMessage());
            } catch (RuntimeException e) {
                throw ScimException.invalidFilter("the filter could not be parsed");
            }
        }
        return new ScimPaging(Math.max(1, start), Math.min(MAX_COUNT, Math.max(0, n)), f);
    }

    /**
     * Whether parentheses and brackets outside string literals pair up. The SDK's parser tolerates a missing closing
     * ']' (found by the hardening suite: {@code emails[type eq "work"} was answered as if it were closed).
     */
    static boolean balanced(String filter) {
        java.util.ArrayDeque<Character> open = new java.util.ArrayDeque<>();
        boolean quoted = false;
        for (int i = 0; i < filter.length(); i++) {
            char ch = filter.charAt(i);
            if (quoted) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == '(' || ch == '[') {
                open.push(ch);
            } else if (ch == ')' || ch == ']') {
                if (open.isEmpty() || open.pop() != (ch == ')' ? '(' : '[')) {
                    return false;
                }
            }
        }
        return open.isEmpty() && !quoted;
    }

    private static int parseInt(String raw, int fallback, String name) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue(name + " must be an integer");
        }
    }

    int offset() {
        return startIndex - 1;
    }

    /** {@code attr eq "string"} on one of the given attributes (case-insensitive names), for an indexed lookup. */
    Optional<String[]> simpleEquality(String... attributes) {
        if (filter == null
                || filter.getFilterType() != FilterType.EQUAL
                || filter.getAttributePath() == null
                || filter.getAttributePath().size() != 1
                || filter.getAttributePath().getElement(0).getValueFilter() != null
                || filter.getComparisonValue() == null
                || !filter.getComparisonValue().isTextual()) {
            return Optional.empty();
        }
        String attr = filter.getAttributePath().getElement(0).getAttribute();
        for (String a : attributes) {
            if (a.toLowerCase(Locale.ROOT).equals(attr.toLowerCase(Locale.ROOT))) {
                return Optional.of(new String[] {a, filter.getComparisonValue().textValue()});
            }
        }
        return Optional.empty();
    }

    boolean matches(JsonNode resource) {
        try {
            return filter == null || FilterEvaluator.evaluate(filter, resource);
        } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
            throw ScimException.invalidFilter("the filter cannot be evaluated: " + e.getMessage());
        }
    }

    ObjectNode listResponse(long total, List<? extends JsonNode> page) {
        ObjectNode r = ScimJson.object();
        r.putArray("schemas").add(LIST_SCHEMA);
        r.put("totalResults", total);
        r.put("startIndex", startIndex);
        r.put("itemsPerPage", page.size());
        ArrayNode resources = r.putArray("Resources");
        page.forEach(resources::add);
        return r;
    }
}
