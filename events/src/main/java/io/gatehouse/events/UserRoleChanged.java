package io.gatehouse.events;

import java.time.Instant;
import java.util.UUID;

/** A user's role changed, with the provenance of the new role. */
public record UserRoleChanged(
        UUID eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String accountId,
        String userId,
        String email,
        Role previousRole,
        Role role,
        RoleProvenance roleProvenance)
        implements GatehouseEvent {
    public static final String TYPE = "UserRoleChanged";

    public static UserRoleChanged of(
            Instant at,
            String accountId,
            String userId,
            String email,
            Role previousRole,
            Role role,
            RoleProvenance roleProvenance) {
        return new UserRoleChanged(
                GatehouseEvent.newId(),
                TYPE,
                SCHEMA_VERSION,
                at,
                accountId,
                userId,
                email,
                previousRole,
                role,
                roleProvenance);
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
