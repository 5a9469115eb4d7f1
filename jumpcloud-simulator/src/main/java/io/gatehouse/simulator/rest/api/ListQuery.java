package io.gatehouse.simulator.rest.api;

import io.gatehouse.simulator.domain.SimException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Paging, sorting and filtering parameters as JumpCloud takes them: {@code limit} (default 10, at most 100),
 * {@code skip}, {@code sort} (comma or space separated fields, {@code -field} descending) and {@code filter}
 * ({@code field:$eq:value} in v1, {@code field:eq:value} in v2; repeated filters must all match).
 */
public record ListQuery(int limit, int skip, List<Sort> sort, List<Filter> filters) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;
    private static final Set<String> ID_FIELDS = Set.of("_id", "id");

    public record Sort(String field, boolean descending) {}

    public record Filter(String field, String operator, String value) {

        boolean matches(Object actual) {
            String text = actual == null ? null : String.valueOf(actual);
            return switch (operator) {
                case "eq" -> value.equals(text);
                case "ne" -> !value.equals(text);
                default -> text != null && text.toLowerCase().contains(value.toLowerCase()); // search
            };
        }
    }

    public static ListQuery parse(String limit, String skip, String sort, List<String> filters) {
        int parsedLimit = parseInt("limit", limit, DEFAULT_LIMIT);
        if (parsedLimit < 0 || parsedLimit > MAX_LIMIT) {
            throw new SimException(400, "invalid_limit", "limit must be between 0 and " + MAX_LIMIT);
        }
        if (parsedLimit == 0) {
            parsedLimit = DEFAULT_LIMIT;
        }
        int parsedSkip = parseInt("skip", skip, 0);
        if (parsedSkip < 0) {
            throw new SimException(400, "invalid_skip", "skip must not be negative");
        }
        List<Sort> sorts = new ArrayList<>();
        if (sort != null && !sort.isBlank()) {
            for (String part : sort.trim().split("[,\\s]+")) {
                boolean descending = part.startsWith("-");
                String field = descending ? part.substring(1) : part;
                if (!field.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                    throw new SimException(400, "invalid_sort", "invalid sort field " + part);
                }
                sorts.add(new Sort(field, descending));
            }
        }
        List<Filter> parsedFilters = new ArrayList<>();
        if (filters != null) {
            for (String raw : filters) {
                if (raw == null || raw.isBlank()) {
                    continue;
                }
                String[] parts = raw.split(":", 3);
                if (parts.length != 3 || parts[0].isBlank()) {
                    throw new SimException(400, "invalid_filter", "filter must be field:operator:value");
                }
                String operator = parts[1].startsWith("$") ? parts[1].substring(1) : parts[1];
                if (!Arrays.asList("eq", "ne", "search").contains(operator)) {
                    throw new SimException(400, "invalid_filter", "unsupported filter operator " + parts[1]);
                }
                parsedFilters.add(new Filter(parts[0], operator, parts[2]));
            }
        }
        return new ListQuery(parsedLimit, parsedSkip, List.copyOf(sorts), List.copyOf(parsedFilters));
    }

    private static int parseInt(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new SimException(400, "invalid_" + name, name + " must be a number");
        }
    }

    /** True when the natural order (ascending id) is the requested order. */
    boolean naturalOrder() {
        return sort.isEmpty()
                || (sort.size() == 1
                        && ID_FIELDS.contains(sort.get(0).field())
                        && !sort.get(0).descending());
    }

    boolean reverseIdOrder() {
        return sort.size() == 1
                && ID_FIELDS.contains(sort.get(0).field())
                && sort.get(0).descending();
    }
}
