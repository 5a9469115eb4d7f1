package io.gatehouse.events;

import java.time.Instant;
import java.util.UUID;

/** A revoked user has access again. */
public record UserRestored(
        UUID eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String accountId,
        String userId,
        String email,
        Role role)
        implements GatehouseEvent {
    public static final String TYPE = "UserRestored";

    public static UserRestored of(Instant at, String accountId, String userId, String email, Role role) {
        return new UserRestored(GatehouseEvent.newId(), TYPE, SCHEMA_VERSION, at, accountId, userId, email, role);
    }

    @Override
    public String topic() {
        return Topics.USERS;
    }

    @Override
    public String key() {
        return accountId + ":" + userId;
    }
}
