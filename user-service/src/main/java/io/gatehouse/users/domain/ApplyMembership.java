package io.gatehouse.users.domain;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.MemberUpdated;
import io.gatehouse.events.Role;
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
 * The role follows {@link RoleRule} (manual override &gt; group mapping &gt; directory default &gt; SSO default);
 * events never overwrite an admin's manual role, and a SCIM push that says nothing about groups keeps the
 * group-mapped role and the groups a reconciliation set. A directory event
 * older than the last applied one for that user is skipped. Each real change emits one lifecycle event.
 */
@ApplicationScoped
public class ApplyMembership {
    private final UserRepository users;
    private final UserChanges changes;
    private final RevokeUser revokeUser;
    private final RestoreUser restoreUser;
    private final Clock clock;

    public ApplyMembership(
            UserRepository users, UserChanges changes, RevokeUser revokeUser, RestoreUser restoreUser, Clock clock) {
        this.users = users;
        this.changes = changes;
        this.revokeUser = revokeUser;
        this.restoreUser = restoreUser;
        this.clock = clock;
    }

    @Transactional
    public void granted(MemberGranted e) {
        upsert(
                new Member(
                        e,
                        e.externalId(),
                        e.email(),
                        e.firstName(),
                        e.lastName(),
                        e.groups(),
                        e.role(),
                        e.roleFromGroup(),
                        e.source()),
                true);
    }

    @Transactional
    public void updated(MemberUpdated e) {
        upsert(
                new Member(
                        e,
                        e.externalId(),
                        e.email(),
                        e.firstName(),
                        e.lastName(),
                        e.groups(),
                        e.role(),
                        e.roleFromGroup(),
                        e.source()),
                false);
    }

    @Transactional
    public void revoked(MemberRevoked e) {
        EventChecks.account(e);
        EventChecks.email(e, e.email());
        EventChecks.present(e, e.reason(), "reason");
        User user =
                users.lockForMember(e.accountId(), e.externalId(), e.email()).orElse(null);
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
        String firstName = EventChecks.limit(m.firstName(), 200);
        String lastName = EventChecks.limit(m.lastName(), 200);

        User user =
                users.lockForMember(e.accountId(), m.externalId(), m.email()).orElse(null);
        if (user == null) {
            user = User.fromDirectory(
                    e.accountId(),
                    m.email(),
                    firstName,
                    lastName,
                    m.role(),
                    m.roleFromGroup(),
                    m.source(),
                    m.groups(),
                    UserSource.of(m.source()),
                    at,
                    now);
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
        // a SCIM push with group push off says nothing about groups: it keeps the groups a reconciliation set
        List<String> groups = user.isSpokenAboutGroups(m.source(), m.groups()) ? m.groups() : user.groups();
        if (user.updateMembership(EventChecks.limit(m.externalId(), 200), groups, now)) {
            details.put("groups", user.groups());
            details.put("externalId", user.externalId());
        }
        users.remember(user);
        if (grant || user.source() == UserSource.SSO) {
            if (user.adoptSource(UserSource.of(m.source()), now)) {
                details.put("source", user.source().name());
            }
        }
        Role mappedBefore = user.mappedRole();
        RoleRule.Basis basisBefore = user.roleBasis();
        User.RoleChange roleChange = user.applyDirectoryRole(m.role(), m.roleFromGroup(), m.source(), m.groups(), now);
        if (user.mappedRole() != mappedBefore || user.roleBasis() != basisBefore) {
            details.put("mappedRole", user.mappedRole().name());
            details.put("mappedRoleProvenance", user.mappedRoleProvenance().name());
            details.put("roleBasis", user.roleBasis().name());
        }
        if (!details.isEmpty()) {
            changes.updated(user, details, cause.withReason(grant ? "granted" : "updated"));
        }
        if (roleChange != null) {
            changes.roleChanged(
                    user,
                    roleChange,
                    AuditType.ROLE_CHANGED,
                    cause.withReason(
                            user.roleBasis() == RoleRule.Basis.GROUP_MAPPING ? "group_mapping" : "default_role"));
        }
        if (grant) {
            restoreUser.apply(user, RestoreUser.GRANTED, at, cause);
        }
    }

    private static Cause directoryCause(GatehouseEvent e, MemberSource source) {
        return new Cause(Cause.DIRECTORY, e.eventId(), source == MemberSource.SCIM ? "scim" : "sync");
    }

    private record Member(
            GatehouseEvent event,
            String externalId,
            String email,
            String firstName,
            String lastName,
            List<String> groups,
            Role role,
            boolean roleFromGroup,
            MemberSource source) {}
}
