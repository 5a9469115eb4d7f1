package io.gatehouse.users.domain;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/** Appends to the audit trail in the caller's transaction. */
@ApplicationScoped
public class Audit {
    private final AuditRepository entries;
    private final Clock clock;

    public Audit(AuditRepository entries, Clock clock) {
        this.entries = entries;
        this.clock = clock;
    }

    public void record(String accountId, UUID userId, AuditType type, Cause cause, Map<String, Object> details) {
        entries.persist(new AuditEntry(accountId, userId, type, cause, details, clock.instant()));
    }
}
