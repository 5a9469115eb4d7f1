package io.gatehouse.users.domain;

import io.gatehouse.events.Role;
import io.gatehouse.platform.domain.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/**
 * An admin pins a user's role (provenance MANUAL). The override is kept whatever the directory later maps, until
 * {@link ClearRole}. Rules: the caller is an ADMIN/OWNER of the account or the operator (checked by the
 * resource); only the operator or an OWNER assigns OWNER or changes the role of a user who is OWNER; nobody but
 * the operator changes their own role ({@link AccessChangeRules}).
 */
@ApplicationScoped
public class AssignRole {
    private final UserRepository users;
    private final UserChanges changes;
    private final Clock clock;

    public AssignRole(UserRepository users, UserChanges changes, Clock clock) {
        this.users = users;
        this.changes = changes;
        this.clock = clock;
    }

    @Transactional
    public User apply(String accountId, UUID userId, Role role, Actor actor) {
        User user = users.lockInAccount(accountId, userId)
                .orElseThrow(() -> DomainException.notFound("user_not_found", "No such user in this account"));
        AccessChangeRules.requireMayAssign(actor, user, role);
        User.RoleChange change = user.setManualRole(role, clock.instant());
        if (change != null) {
            changes.roleChanged(user, change, AuditType.ROLE_ASSIGNED, actor.cause("manual"));
        }
        return user;
    }
}
