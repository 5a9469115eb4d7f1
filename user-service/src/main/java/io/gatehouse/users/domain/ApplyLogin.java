package io.gatehouse.users.domain;

import io.gatehouse.events.LoginSucceeded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A successful SSO login: creates the user just in time (role = the SSO connection's default role, the last
 * resort of {@link RoleRule}; source SSO) or updates names, email case and the last-login time. Never reactivates a revoked user and never
 * changes an existing user's role. A login older than the last applied login is skipped.
 */
@ApplicationScoped
public class ApplyLogin {
    private final UserRepository users;
    private final UserChanges changes;
    private final Audit audit;
    private final Clock clock;

    public ApplyLogin(UserRepository users, UserChanges changes, Audit audit, Clock clock) {
        this.users = users;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public void apply(LoginSucceeded event) {
        EventChecks.account(event);
        EventChecks.email(event, event.email());
        EventChecks.present(event, event.defaultRole(), "defaultRole");
        Instant at = event.occurredAt();
        Instant now = clock.instant();
        Cause cause = new Cause(Cause.SSO, event.eventId(), "login");
        String firstName = EventChecks.limit(event.firstName(), 200);
        String lastName = EventChecks.limit(event.lastName(), 200);

        User user = users.lockByEmail(event.accountId(), event.email()).orElse(null);
        if (user == null) {
            user = User.fromLogin(event.accountId(), event.email(), firstName, lastName, event.defaultRole(), at, now);
            user.markLoginEvent(at);
            user.recordLogin(at, event.nameId(), now);
            users.add(user);
            changes.provisioned(user, cause.withReason("just_in_time"));
            return;
        }
        if (user.isStaleLoginEvent(at)) {
            return;
        }
        user.markLoginEvent(at);
        user.recordLogin(at, event.nameId(), now);
        // the SSO default is the rule's last resort: recorded once, it never changes a role the user already has
        User.RoleChange roleChange = user.recordSsoDefault(event.defaultRole(), now);
        List<String> changed = user.updateProfile(event.email(), firstName, lastName, at, now);
        users.remember(user);
        Map<String, Object> details = new LinkedHashMap<>();
        if (event.flow() != null) {
            details.put("flow", event.flow().name());
        }
        if (!changed.isEmpty()) {
            details.put("changed", changed);
        }
        if (user.status() == UserStatus.REVOKED) {
            details.put("status", "REVOKED");
        }
        audit.record(user.accountId(), user.id(), AuditType.USER_LOGGED_IN, cause, details);
        if (roleChange != null) {
            changes.roleChanged(user, roleChange, AuditType.ROLE_CHANGED, cause.withReason("sso_default_role"));
        }
    }
}
