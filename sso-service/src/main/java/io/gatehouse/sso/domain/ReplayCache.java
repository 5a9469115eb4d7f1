package io.gatehouse.sso.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;

/**
 * Remembers (Issuer, Assertion ID) pairs in PostgreSQL until NotOnOrAfter + skew, so a response is accepted once
 * across every replica: the primary key makes the second insert a no-op.
 */
@ApplicationScoped
public class ReplayCache {
    private final EntityManager em;

    public ReplayCache(EntityManager em) {
        this.em = em;
    }

    /** True when the pair was new and is now remembered; false for a replay. Must run in a transaction. */
    public boolean remember(String issuer, String assertionId, String accountId, Instant expiresAt) {
        int inserted = em.createNativeQuery("INSERT INTO sso_replay (issuer, assertion_id, account_id, expires_at) "
                        + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING")
                .setParameter(1, issuer).setParameter(2, assertionId).setParameter(3, accountId)
                .setParameter(4, expiresAt).executeUpdate();
        return inserted == 1;
    }

    public int purgeExpired(Instant now) {
        return em.createNativeQuery("DELETE FROM sso_replay WHERE expires_at < ?1").setParameter(1, now).executeUpdate();
    }
}
