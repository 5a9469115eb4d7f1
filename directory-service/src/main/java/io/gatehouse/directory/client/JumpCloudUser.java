package io.gatehouse.directory.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.events.RevocationReason;

/** The fields of a JumpCloud system user that decide access and fill the member events. */
public record JumpCloudUser(
        String id,
        String email,
        String username,
        String firstname,
        String lastname,
        Boolean activated,
        Boolean suspended,
        String state,
        Boolean accountLocked) {

    static JumpCloudUser from(JsonNode n) {
        String id = text(n, "_id");
        if (id == null) {
            id = text(n, "id");
        }
        if (id == null || id.isBlank()) {
            throw new JumpCloudException("malformed_response", "system user without _id");
        }
        return new JumpCloudUser(
                id,
                text(n, "email"),
                text(n, "username"),
                text(n, "firstname"),
                text(n, "lastname"),
                bool(n, "activated"),
                bool(n, "suspended"),
                text(n, "state"),
                bool(n, "account_locked"));
    }

    /**
     * Why this user has no access, or null when they have: suspended (flag or state), locked, or not ACTIVATED
     * (state STAGED, or {@code activated} false when no state is given).
     */
    public RevocationReason denial() {
        if (Boolean.TRUE.equals(suspended) || "SUSPENDED".equalsIgnoreCase(state)) {
            return RevocationReason.SUSPENDED;
        }
        if (Boolean.TRUE.equals(accountLocked)) {
            return RevocationReason.LOCKED;
        }
        if (state != null) {
            return "ACTIVATED".equalsIgnoreCase(state) && !Boolean.FALSE.equals(activated)
                    ? null
                    : RevocationReason.NOT_ACTIVATED;
        }
        return Boolean.TRUE.equals(activated) ? null : RevocationReason.NOT_ACTIVATED;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        throw new JumpCloudException("malformed_response", "field " + field + " is not a boolean");
    }
}
