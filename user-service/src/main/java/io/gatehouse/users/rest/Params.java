package io.gatehouse.users.rest;

import io.gatehouse.platform.problem.ApiException;
import io.gatehouse.users.domain.AccountIds;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

/** Parsing of path and query parameters into 400 {@code validation_failed} instead of 404/500. */
final class Params {
    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 200;

    private Params() {}

    static String accountId(String id) {
        if (!AccountIds.isValid(id)) {
            throw invalid("accountId must match [a-z0-9][a-z0-9-]{1,62}");
        }
        return id;
    }

    /** A user id that is not a UUID names no user: 404. */
    static UUID userId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "user_not_found", "No such user in this account");
        }
    }

    static <E extends Enum<E>> E optionalEnum(Class<E> type, String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(name + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    static Instant optionalInstant(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw invalid(name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    static int page(Integer page) {
        if (page == null) {
            return 0;
        }
        if (page < 0) {
            throw invalid("page must be 0 or more");
        }
        return page;
    }

    static int size(Integer size) {
        if (size == null) {
            return DEFAULT_SIZE;
        }
        if (size < 1 || size > MAX_SIZE) {
            throw invalid("size must be between 1 and " + MAX_SIZE);
        }
        return size;
    }

    static String query(String q) {
        if (q != null && q.length() > 320) {
            throw invalid("q must be at most 320 characters");
        }
        return q;
    }

    static ApiException invalid(String detail) {
        return new ApiException(400, "validation_failed", detail);
    }
}
