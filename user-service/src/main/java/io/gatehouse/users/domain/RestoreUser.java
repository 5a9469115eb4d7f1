package io.gatehouse.users.domain;

import io.gatehouse.platform.domain.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Gives a revoked user access again (directory grant or an admin's decision); emits UserRestored once. */
@ApplicationScoped
public class RestoreUser {
    /** Status reason when the directory granted access again. */
    public static final String GRANTED = "GRANTED";
    /** Status reason when an admin restored the user. */
    public static final String MANUAL = "MANUAL";

    private final UserRepository users;
    private final UserChanges changes;
    private final Clock clock;

    public RestoreUser(UserRepository users, UserChanges changes, Clock clock) {
        this.users = users;
        this.changes = changes;
        this.clock = clock;
    }

    /** Restores a locked user; false when already active. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean apply(User user, String reason, Instant at, Cause cause) {
        if (!user.restore(reason, at, clock.instant())) {
            return false;
        }
        changes.restored(user, cause.withReason(reason));
        return true;
    }

    /**
     * An admin restores a user by hand. Nobody but the operator restores themselves, and only the operator or an
     * OWNER restores an OWNER ({@link AccessChangeRules}).
     */
    @Transactional
    public User byAdmin(String accountId, UUID userId, Actor actor) {
        User user = users.lockInAccount(accountId, userId)
                .orElseThrow(() -> DomainException.notFound("user_not_found", "No such user in this account"));
        AccessChangeRules.requireMayRestore(actor, user);
        apply(user, MANUAL, clock.instant(), actor.cause("manual"));
        return user;
    }
}
