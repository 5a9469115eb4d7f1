package io.gatehouse.users.domain;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.MemberUpdated;
import io.gatehouse.events.Role;
import io.gatehouse.events.RoleProvenance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies directory membership events (sync or SCIM) to users:
 * <ul>
 *   <li>MemberGranted creates the user, or restores a revoked one, with the mapped role;</li>
 *   <li>MemberUpdated changes profile, groups and the mapped role (and creates an unknown member); it does not
 *       restore a revoked user — only a grant does;</li>
 *   <li>MemberRevoked revokes with the event's reason (an unknown member is ignored).</li>
 * </ul>
 * The mapped role is stored apart from an admin's manual role, which events never overwrite. A directory event
 * older than the last applied one for that user is skipped. Each real change emits one lifecycle event.
 */
@ApplicationScoped
public class ApplyMembership {
    private final UserRepository users;
    private final UserChanges changes;
    private final RevokeUser revokeUser;
    private final RestoreUser restoreUser;
    private final Clock clock;

    public ApplyMembership(UserRepository users, UserChanges changes, RevokeUser revokeUser,
                           RestoreUser restoreUser, Clock clock) {
        this.users = users;
        this.changes = changes;
        this.revokeUser = revokeUser;
        this.restoreUser = restoreUser;
        this.clock = clock;
    }

    @Transactional
    public void granted(MemberGranted e) {
        upsert(new Member(e, e.externalId(), e.email(), e.firstName(), e.lastName(), e.groups(), e.role(),
                e.roleFromGroup(), e.source()), true);
    }

    @Transactional
    public void updated(MemberUpdated e) {
        upsert(new Member(e, e.externalId(), e.email(), e.firstName(), e.lastName(), e.groups(), e.role(),
                e.roleFromGroup(), e.source()), false);
    }

    @Transactional
    public void revoked(MemberRevoked e) {
        EventChecks.account(e);
        EventChecks.email(e, e.email());
        EventChecks.present(e, e.reason(), "reason");
        User user = users.lockForMember(e.accountId(), e.externalId(), e.email()).orElse(null);
        if (user == null || user.isStaleDirectoryEvent(e.occurredAt())) {
            return;
        }
        user.markDirectoryEvent(e.occurredAt());
        revokeUser.apply(user, e.reason(), e.occurredAt(), directoryCause(e, e.source()));
    }

    private void upsert(Member m, boolean grant) {
        GatehouseEvent e = m.event();
        EventChecks.account(e);
        EventChecks.email(e, m.email());
        EventChecks.present(e, m.role(), "role");
        Instant at = e.occurredAt();
        Instant now = clock.instant();
        Cause cause = directoryCause(e, m.source());
        RoleProvenance provenance = m.roleFromGroup() ? RoleProvenance.GROUP_MAPPING : RoleProvenance.DEFAULT;
        String firstName = EventChecks.limit(m.firstName(), 200);
        String lastName = EventChecks.limit(m.lastName(), 200);

        User user = users.lockForMember(e.accountId(), m.externalId(), m.email()).orElse(null);
        if (user == null) {
            user = new User(e.accountId(), m.email(), firstName, lastName, m.role(), provenance,
                    UserSource.of(m.source()), at, now);
            user.updateMembership(EventChecks.limit(m.externalId(), 200), m.groups(), now);
            user.markDirectoryEvent(at);
            users.add(user);
            changes.provisioned(user, cause.withReason(grant ? "granted" : "updated"));
            return;
        }
        if (user.isStaleDirectoryEvent(at)) {
            return;
        }
        user.markDirectoryEvent(at);
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> changed = user.updateProfile(m.email(), firstName, lastName, at, now);
        if (!changed.isEmpty()) {
            details.put("changed", changed);
        }
        if (user.updateMembership(EventChecks.limit(m.externalId(), 200), m.groups(), now)) {
            details.put("groups", user.groups());
            details.put("externalId", user.externalId());
        }
        users.remember(user);
        if (grant || user.source() == UserSource.SSO) {
            if (user.adoptSource(UserSource.of(m.source()), now)) {
                details.put("source", user.source().name());
            }
        }
        if (user.mappedRole() != m.role() || user.mappedRoleProvenance() != provenance) {
            details.put("mappedRole", m.role().name());
            details.put("mappedRoleProvenance", provenance.name());
        }
        if (!details.isEmpty()) {
            changes.updated(user, details, cause.withReason(grant ? "granted" : "updated"));
        }
        User.RoleChange roleChange = user.setMappedRole(m.role(), provenance, now);
        if (roleChange != null) {
            changes.roleChanged(user, roleChange, AuditType.ROLE_CHANGED,
                    cause.withReason(provenance == RoleProvenance.GROUP_MAPPING ? "group_mapping" : "default_role"));
        }
        if (grant) {
            restoreUser.apply(user, RestoreUser.GRANTED, at, cause);
        }
    }

    private static Cause directoryCause(GatehouseEvent e, MemberSource source) {
        return new Cause(Cause.DIRECTORY, e.eventId(), source == MemberSource.SCIM ? "scim" : "sync");
    }

    private record Member(GatehouseEvent event, String externalId, String email, String firstName, String lastName,
                          List<String> groups, Role role, boolean roleFromGroup, MemberSource source) {
    }
}
