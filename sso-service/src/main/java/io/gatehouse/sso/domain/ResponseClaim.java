package io.gatehouse.sso.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The first step of the ACS's login transaction ({@link LoginTransaction}), in one statement (ADR 0027): the
 * AuthnRequest the response answers is marked used (single use: only this account's, unused and unexpired), the
 * (Issuer, Assertion ID) pair is remembered against replay until NotOnOrAfter + skew (the primary key makes a
 * second insert a no-op, across every replica), and the user is looked up (any of the email's rows revoked, and the
 * newest one). Two data-modifying CTEs and the look-up run together whatever their outcome; the caller refuses in
 * that order (correlation, replay, revoked) and the transaction's rollback undoes the rest.
 */
@ApplicationScoped
public class ResponseClaim {
    private static final String CLAIM = "WITH consumed AS (UPDATE sso_authn_request SET consumed_at = ? "
            + "WHERE id = ? AND account_id = ? AND consumed_at IS NULL AND expires_at > ? RETURNING id), "
            + "remembered AS (INSERT INTO sso_replay (issuer, assertion_id, account_id, expires_at) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING assertion_id) "
            + "SELECT (SELECT count(*) FROM consumed) AS consumed, (SELECT count(*) FROM remembered) AS remembered, "
            + "u.user_id, u.role, u.revoked, u.updated_at FROM (VALUES (1)) AS one "
            + "LEFT JOIN sso_user u ON u.account_id = ? AND u.email = ? ORDER BY u.updated_at DESC";

    /**
     * {@code consumed}: the AuthnRequest was this login's to use (always false when none was named);
     * {@code remembered}: the assertion had not been seen.
     */
    public record Claim(boolean consumed, boolean remembered, KnownUserRepository.Lookup user) {}

    /**
     * Claims the response on the login transaction's connection. {@code inResponseTo}: the AuthnRequest's id, null
     * for an IdP-initiated response (nothing to use).
     */
    public Claim claim(
            Connection c,
            String accountId,
            String inResponseTo,
            String issuer,
            String assertionId,
            Instant replayExpiresAt,
            String email,
            Instant now) {
        try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setObject(1, LoginJdbc.timestamp(now));
            ps.setString(2, inResponseTo);
            ps.setString(3, accountId);
            ps.setObject(4, LoginJdbc.timestamp(now));
            ps.setString(5, issuer);
            ps.setString(6, assertionId);
            ps.setString(7, accountId);
            ps.setObject(8, LoginJdbc.timestamp(replayExpiresAt));
            ps.setString(9, accountId);
            ps.setString(10, email);
            boolean consumed = false;
            boolean remembered = false;
            KnownUserRepository.LookupReader user = new KnownUserRepository.LookupReader(accountId, email);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) { // one row per user of the email, or one row without a user; each has the counts
                    consumed = rs.getLong("consumed") == 1;
                    remembered = rs.getLong("remembered") == 1;
                    user.row(rs);
                }
            }
            return new Claim(consumed, remembered, user.lookup());
        } catch (SQLException e) {
            throw LoginJdbc.failed("claim the response", e);
        }
    }
}
