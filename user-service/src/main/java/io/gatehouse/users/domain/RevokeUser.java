package io.gatehouse.users.domain;

import io.gatehouse.events.RevocationReason;
import io.gatehouse.platform.domain.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Takes a user's access away (directory revocation or an admin's decision); emits UserRevoked once. */
@ApplicationScoped
public class RevokeUser {
    private final UserRepository users;
    private final UserChanges changes;
    private final Clock clock;

    public RevokeUser(UserRepository users, UserChanges changes, Clock clock) {
        this.users = users;
        this.changes = changes;
        this.clock = clock;
    }

    /** Revokes a locked user; {@code at} is when the revocation happened. False when already revoked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean apply(User user, RevocationReason reason, Instant at, Cause cause) {
        if (!user.revoke(reason.name(), at, clock.instant())) {
            return false;
        }
        changes.revoked(user, reason, cause.withReason(reason.name()));
        return true;
    }

    /**
     * An admin revokes a user by hand (reason MANUAL). A later directory grant restores the user. Only the operator
     * or an OWNER revokes an OWNER ({@link AccessChangeRules}).
     */
    @Transactional
    public User byAdmin(String accountId, UUID userId, Actor actor) {
        User user = users.lockInAccount(accountId, userId)
                .orElseThrow(() -> DomainException.notFound("user_not_found", "No such user in this account"));
        AccessChangeRules.requireMayRevoke(actor, user);
        apply(user, RevocationReason.MANUAL, clock.instant(), actor.cause("manual"));
        return user;
    }
}
