package io.gatehouse.events;

import java.time.Instant;
import java.util.UUID;

/** user-service created a user. {@code source} is SSO, DIRECTORY, SCIM or MANUAL. */
public record UserProvisioned(
        UUID eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String accountId,
        String userId,
        String email,
        String firstName,
        String lastName,
        Role role,
        RoleProvenance roleProvenance,
        String source)
        implements GatehouseEvent {
    public static final String TYPE = "UserProvisioned";

    public static UserProvisioned of(
            Instant at,
            String accountId,
            String userId,
            String email,
            String firstName,
            String lastName,
            Role role,
            RoleProvenance roleProvenance,
            String source) {
        return new UserProvisioned(
                GatehouseEvent.newId(),
                TYPE,
                SCHEMA_VERSION,
                at,
                accountId,
                userId,
                email,
                firstName,
                lastName,
                role,
                roleProvenance,
                source);
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
