package io.gatehouse.sso.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;

/**
 * The (Issuer, Assertion ID) pairs remembered in PostgreSQL until NotOnOrAfter + skew, so a response is accepted once
 * across every replica: the login's {@link ResponseClaim} inserts them (the primary key makes a second insert a
 * no-op), this class purges the expired ones.
 */
@ApplicationScoped
public class ReplayCache {
    private final EntityManager em;

    public ReplayCache(EntityManager em) {
        this.em = em;
    }

    public int purgeExpired(Instant now) {
        return em.createNativeQuery("DELETE FROM sso_replay WHERE expires_at < ?1")
                .setParameter(1, now)
                .executeUpdate();
    }
}
