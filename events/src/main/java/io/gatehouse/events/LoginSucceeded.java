package io.gatehouse.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A person signed in through the account's SAML connection. user-service creates the user just in time with
 * {@code defaultRole}, or updates the profile and last-login time.
 */
public record LoginSucceeded(
        UUID eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String accountId,
        String nameId,
        String email,
        String firstName,
        String lastName,
        String idp,
        LoginFlow flow,
        Role defaultRole)
        implements GatehouseEvent {
    public static final String TYPE = "LoginSucceeded";

    public static LoginSucceeded of(
            Instant at,
            String accountId,
            String nameId,
            String email,
            String firstName,
            String lastName,
            String idp,
            LoginFlow flow,
            Role defaultRole) {
        return new LoginSucceeded(
                GatehouseEvent.newId(),
                TYPE,
                SCHEMA_VERSION,
                at,
                accountId,
                nameId,
                email,
                firstName,
                lastName,
                idp,
                flow,
                defaultRole);
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
