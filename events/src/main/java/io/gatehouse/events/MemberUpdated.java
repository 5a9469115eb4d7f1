package io.gatehouse.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A member with access changed profile, groups or mapped role.
 * {@code externalId} is the JumpCloud user id; {@code role} the role mapped from {@code groups} (highest wins),
 * or the directory's default role when no group maps.
 */
public record MemberUpdated(
        UUID eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String accountId,
        String externalId,
        String email,
        String firstName,
        String lastName,
        List<String> groups,
        Role role,
        boolean roleFromGroup,
        MemberSource source)
        implements GatehouseEvent {
    public static final String TYPE = "MemberUpdated";

    public MemberUpdated {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public static MemberUpdated of(
            Instant at,
            String accountId,
            String externalId,
            String email,
            String firstName,
            String lastName,
            List<String> groups,
            Role role,
            boolean roleFromGroup,
            MemberSource source) {
        return new MemberUpdated(
                GatehouseEvent.newId(),
                TYPE,
                SCHEMA_VERSION,
                at,
                accountId,
                externalId,
                email,
                firstName,
                lastName,
                groups,
                role,
                roleFromGroup,
                source);
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
