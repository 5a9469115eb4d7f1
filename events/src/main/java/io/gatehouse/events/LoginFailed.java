package io.gatehouse.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A SAML login was refused. {@code code} is the stable validation code, {@code category} the troubleshooting category.
 * {@code count} (absent: 1) is set on an aggregate: the responses of one account refused with {@code code} before
 * their signature was checked during the minute up to {@code occurredAt} (they carry no identity worth an entry each,
 * see ADR 0011); an aggregate has no email and no reference id.
 */
public record LoginFailed(
        UUID eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String accountId,
        String email,
        String code,
        String category,
        String referenceId,
        Integer count)
        implements GatehouseEvent {
    public static final String TYPE = "LoginFailed";

    public static LoginFailed of(
            Instant at, String accountId, String email, String code, String category, String referenceId) {
        return new LoginFailed(
                GatehouseEvent.newId(), TYPE, SCHEMA_VERSION, at, accountId, email, code, category, referenceId, null);
    }

    /** {@code count} refusals with {@code code} before the signature check, summed up for one account. */
    public static LoginFailed aggregate(Instant at, String accountId, String code, String category, int count) {
        return new LoginFailed(
                GatehouseEvent.newId(), TYPE, SCHEMA_VERSION, at, accountId, null, code, category, null, count);
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
