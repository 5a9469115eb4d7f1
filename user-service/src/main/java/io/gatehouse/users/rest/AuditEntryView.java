package io.gatehouse.users.rest;

import io.gatehouse.users.domain.AuditEntry;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One audit entry: type, the user concerned, the actor, the causing event and the reason. */
public record AuditEntryView(
        long id,
        Instant at,
        String type,
        UUID userId,
        String actor,
        UUID eventId,
        String reason,
        Map<String, Object> details) {
    static AuditEntryView of(AuditEntry e) {
        return new AuditEntryView(
                e.id(), e.at(), e.type(), e.userId(), e.actor(), e.eventId(), e.reason(), e.details());
    }
}
