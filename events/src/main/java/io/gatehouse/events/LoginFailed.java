package io.gatehouse.events;

import java.time.Instant;
import java.util.UUID;

/** A SAML login was refused. {@code code} is the stable validation code, {@code category} the troubleshooting category. */
public record LoginFailed(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String accountId,
                          String email, String code, String category, String referenceId) implements GatehouseEvent {
    public static final String TYPE = "LoginFailed";

    public static LoginFailed of(Instant at, String accountId, String email, String code, String category,
                                 String referenceId) {
        return new LoginFailed(GatehouseEvent.newId(), TYPE, SCHEMA_VERSION, at, accountId, email, code, category,
                referenceId);
    }

    @Override
    public String topic() {
        return Topics.SSO_LOGINS;
    }

    @Override
    public String key() {
        return GatehouseEvent.personKey(accountId, email);
    }
}
