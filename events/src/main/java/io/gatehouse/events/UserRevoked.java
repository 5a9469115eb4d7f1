package io.gatehouse.events;

import java.time.Instant;
import java.util.UUID;

/** A user's access was revoked: sso-service ends their sessions and refuses their logins until UserRestored. */
public record UserRevoked(
        UUID eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String accountId,
        String userId,
        String email,
        RevocationReason reason)
        implements GatehouseEvent {
    public static final String TYPE = "UserRevoked";

    public static UserRevoked of(Instant at, String accountId, String userId, String email, RevocationReason reason) {
        return new UserRevoked(GatehouseEvent.newId(), TYPE, SCHEMA_VERSION, at, accountId, userId, email, reason);
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
