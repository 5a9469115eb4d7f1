package io.gatehouse.sso.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<Session, String> {
    /** Ends every open session of a user (by user id or email) and returns how many were ended. */
    public int endForUser(String accountId, String userId, String email, String reason, Instant now) {
        return update(
                "endedAt = ?1, endedReason = ?2 where accountId = ?3 and endedAt is null "
                        + "and (userId = ?4 or email = ?5)",
                now,
                reason,
                accountId,
                userId,
                email);
    }

    /** Ends every open session of an account (its plan lost SSO) and returns how many were ended. */
    public int endForAccount(String accountId, String reason, Instant now) {
        return update(
                "endedAt = ?1, endedReason = ?2 where accountId = ?3 and endedAt is null", now, reason, accountId);
    }

    public long purgeEnded(Instant before) {
        return delete("(endedAt is not null and endedAt < ?1) or absoluteExpiresAt < ?1", before);
    }
}
