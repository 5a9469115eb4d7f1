package io.gatehouse.events;

import java.time.Instant;
import java.util.UUID;

/** An account was created or changed (name, plan). Topic {@link Topics#ACCOUNTS}, key accountId. */
public record AccountUpserted(
        UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String accountId, String name, Plan plan)
        implements GatehouseEvent {
    public static final String TYPE = "AccountUpserted";

    public static AccountUpserted of(Instant at, String accountId, String name, Plan plan) {
        return new AccountUpserted(GatehouseEvent.newId(), TYPE, SCHEMA_VERSION, at, accountId, name, plan);
    }

    @Override
    public String topic() {
        return Topics.ACCOUNTS;
    }

    @Override
    public String key() {
        return accountId;
    }
}
