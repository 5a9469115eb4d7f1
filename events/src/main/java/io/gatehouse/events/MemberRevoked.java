package io.gatehouse.events;

import java.time.Instant;
import java.util.UUID;

/** A directory member lost access to the application, with the reason. */
public record MemberRevoked(
        UUID eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String accountId,
        String externalId,
        String email,
        RevocationReason reason,
        MemberSource source)
        implements GatehouseEvent {
    public static final String TYPE = "MemberRevoked";

    public static MemberRevoked of(
            Instant at,
            String accountId,
            String externalId,
            String email,
            RevocationReason reason,
            MemberSource source) {
        return new MemberRevoked(
                GatehouseEvent.newId(), TYPE, SCHEMA_VERSION, at, accountId, externalId, email, reason, source);
    }

    @Override
    public String topic() {
        return Topics.DIRECTORY_MEMBERS;
    }

    @Override
    public String key() {
        return GatehouseEvent.personKey(accountId, email);
    }
}
