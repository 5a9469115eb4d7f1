package io.gatehouse.sso.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Remembers (Issuer, Assertion ID) pairs in PostgreSQL until NotOnOrAfter + skew, so a response is accepted once
 * across every replica: the primary key makes the second insert a no-op.
 */
@ApplicationScoped
public class ReplayCache {
    private static final String REMEMBER = "INSERT INTO sso_replay (issuer, assertion_id, account_id, expires_at) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private final EntityManager em;

    public ReplayCache(EntityManager em) {
        this.em = em;
    }

    /**
     * True when the pair was new and is now remembered; false for a replay. On the login transaction's connection
     * ({@link LoginTransaction}), plain JDBC ({@link LoginJdbc}), since a native Hibernate update would also schedule a
     * cache clean-up of every entity and flush the whole persistence context on each login.
     */
    public boolean remember(Connection c, String issuer, String assertionId, String accountId, Instant expiresAt) {
        try (PreparedStatement ps = c.prepareStatement(REMEMBER)) {
            ps.setString(1, issuer);
            ps.setString(2, assertionId);
            ps.setString(3, accountId);
            ps.setObject(4, LoginJdbc.timestamp(expiresAt));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw LoginJdbc.failed("remember the assertion", e);
        }
    }

    public int purgeExpired(Instant now) {
        return em.createNativeQuery("DELETE FROM sso_replay WHERE expires_at < ?1")
                .setParameter(1, now)
                .executeUpdate();
    }
}
