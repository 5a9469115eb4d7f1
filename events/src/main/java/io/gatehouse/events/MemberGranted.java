package io.gatehouse.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A directory member gained access to the application (bound through a group, activated, not suspended or locked).
 * {@code externalId} is the JumpCloud user id; {@code role} the role mapped from {@code groups} (highest wins),
 * or the directory's default role when no group maps.
 */
public record MemberGranted(
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
    public static final String TYPE = "MemberGranted";

    public MemberGranted {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public static MemberGranted of(
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
        return new MemberGranted(
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
