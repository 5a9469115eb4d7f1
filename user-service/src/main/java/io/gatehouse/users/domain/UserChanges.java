package io.gatehouse.users.domain;

import io.gatehouse.events.RevocationReason;
import io.gatehouse.events.RoleProvenance;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.events.UserRestored;
import io.gatehouse.events.UserRevoked;
import io.gatehouse.events.UserRoleChanged;
import io.gatehouse.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes each real change of a user as its lifecycle event (through the outbox, in the caller's transaction)
 * and writes the matching audit entry. Callers invoke it only when something changed, so every change yields
 * exactly one event.
 */
@ApplicationScoped
public class UserChanges {
    private final Outbox outbox;
    private final Audit audit;
    private final Clock clock;

    public UserChanges(Outbox outbox, Audit audit, Clock clock) {
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    public void provisioned(User user, Cause cause) {
        outbox.publish(UserProvisioned.of(
                clock.instant(),
                user.accountId(),
                user.id().toString(),
                user.email(),
                user.firstName(),
                user.lastName(),
                user.role(),
                user.roleProvenance(),
                user.source().name()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("email", user.email());
        details.put("role", user.role().name());
        details.put("roleProvenance", user.roleProvenance().name());
        details.put("source", user.source().name());
        if (!user.groups().isEmpty()) {
            details.put("groups", user.groups());
        }
        audit.record(user.accountId(), user.id(), AuditType.USER_PROVISIONED, cause, details);
    }

    /** The effective role or its provenance changed; {@code type} tells whether by an event or an admin. */
    public void roleChanged(User user, User.RoleChange change, AuditType type, Cause cause) {
        outbox.publish(UserRoleChanged.of(
                clock.instant(),
                user.accountId(),
                user.id().toString(),
                user.email(),
                change.previousRole(),
                change.role(),
                change.provenance()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("previousRole", change.previousRole().name());
        details.put("previousProvenance", change.previousProvenance().name());
        details.put("role", change.role().name());
        details.put("roleProvenance", change.provenance().name());
        if (change.provenance() == RoleProvenance.GROUP_MAPPING) {
            details.put("groups", user.groups());
        }
        audit.record(user.accountId(), user.id(), type, cause, details);
    }

    public void revoked(User user, RevocationReason reason, Cause cause) {
        outbox.publish(
                UserRevoked.of(clock.instant(), user.accountId(), user.id().toString(), user.email(), reason));
        audit.record(user.accountId(), user.id(), AuditType.USER_REVOKED, cause, Map.of("status", "REVOKED"));
    }

    public void restored(User user, Cause cause) {
        outbox.publish(
                UserRestored.of(clock.instant(), user.accountId(), user.id().toString(), user.email(), user.role()));
        audit.record(
                user.accountId(),
                user.id(),
                AuditType.USER_RESTORED,
                cause,
                Map.of("status", "ACTIVE", "role", user.role().name()));
    }

    /** A change without a lifecycle event (profile, groups, external id): audit only. */
    public void updated(User user, Map<String, Object> details, Cause cause) {
        audit.record(user.accountId(), user.id(), AuditType.USER_UPDATED, cause, details);
    }
}
