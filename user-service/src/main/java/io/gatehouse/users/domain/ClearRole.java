package io.gatehouse.users.domain;

import io.gatehouse.events.Role;
import io.gatehouse.platform.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.UUID;

/**
 * Removes an admin's role override: the user falls back to the role the directory maps from their groups, or the
 * default. Same authorization as {@link AssignRole}: only the operator clears an OWNER override.
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
                .orElseThrow(() -> new ApiException(404, "user_not_found", "No such user in this account"));
        if (!actor.operator() && user.role() == Role.OWNER) {
            throw new ApiException(403, "owner_assignment_forbidden",
                    "Only the platform operator changes the role of an OWNER");
        }
        User.RoleChange change = user.clearManualRole(clock.instant());
        if (change != null) {
            changes.roleChanged(user, change, AuditType.ROLE_CLEARED, actor.cause("manual_cleared"));
        }
        return user;
    }
}
