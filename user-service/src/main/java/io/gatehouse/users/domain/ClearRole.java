package io.gatehouse.users.domain;

import io.gatehouse.platform.domain.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/**
 * Removes an admin's role override: the user falls back to the role the directory maps from their groups, or the
 * default. Same authorization as {@link AssignRole} ({@link AccessChangeRules}): only the operator or an OWNER
 * clears the override of an OWNER, or one that would fall back to a directory-mapped OWNER.
 */
@ApplicationScoped
public class ClearRole {
    private final UserRepository users;
    private final UserChanges changes;
    private final Clock clock;

    public ClearRole(UserRepository users, UserChanges changes, Clock clock) {
        this.users = users;
        this.changes = changes;
        this.clock = clock;
    }

    @Transactional
    public User apply(String accountId, UUID userId, Actor actor) {
        User user = users.lockInAccount(accountId, userId)
                .orElseThrow(() -> DomainException.notFound("user_not_found", "No such user in this account"));
        AccessChangeRules.requireMayClear(actor, user);
        User.RoleChange change = user.clearManualRole(clock.instant());
        if (change != null) {
            changes.roleChanged(user, change, AuditType.ROLE_CLEARED, actor.cause("manual_cleared"));
        }
        return user;
    }
}
