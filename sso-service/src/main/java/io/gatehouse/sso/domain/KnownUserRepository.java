package io.gatehouse.sso.domain;

import io.gatehouse.events.Role;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The users that user-service announced ({@code sso_user}), read and written with plain JDBC: a login reads them
 * ({@link #lookup}, {@link ResponseClaim}), the {@code users} channel writes them ({@link #announce}; ADR 0028).
 */
@ApplicationScoped
public class KnownUserRepository {
    private static final String LOOKUP = "SELECT user_id, role, revoked, updated_at FROM sso_user "
            + "WHERE account_id = ? AND email = ? ORDER BY updated_at DESC";
    /** A user not announced before is not revoked; a null role or revoked keeps the stored value. */
    private static final String UPSERT = "INSERT INTO sso_user AS u (account_id, user_id, email, role, revoked, "
            + "updated_at) VALUES (?, ?, ?, ?, coalesce(?, false), ?) ON CONFLICT (account_id, user_id) DO UPDATE "
            + "SET email = excluded.email, role = coalesce(excluded.role, u.role), revoked = coalesce(?, u.revoked), "
            + "updated_at = excluded.updated_at RETURNING email";
    /** An event without an email keeps the stored one; it cannot introduce a user (the column is NOT NULL). */
    private static final String UPDATE =
            "UPDATE sso_user SET role = coalesce(?, role), revoked = coalesce(?, revoked), "
                    + "updated_at = ? WHERE account_id = ? AND user_id = ? RETURNING email";

    private final DataSource dataSource;

    public KnownUserRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * What a user event at {@code at} says about a user: the email (kept lower case), the role, revoked or restored;
     * a null keeps the stored value. One statement, in the caller's transaction. Returns the user's email as stored.
     *
     * @throws IllegalStateException when the event has no email and names a user not announced before, or the
     *     database fails (the channel then applies the batch's events one by one, and dead-letters this one)
     */
    public String announce(String accountId, String userId, String email, Role role, Boolean revoked, Instant at) {
        String roleName = role == null ? null : role.name();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(email == null ? UPDATE : UPSERT)) {
            if (email == null) {
                ps.setString(1, roleName);
                ps.setObject(2, revoked, java.sql.Types.BOOLEAN);
                ps.setObject(3, LoginJdbc.timestamp(at));
                ps.setString(4, accountId);
                ps.setString(5, userId);
            } else {
                ps.setString(1, accountId);
                ps.setString(2, userId);
                ps.setString(3, email.toLowerCase(Locale.ROOT));
                ps.setString(4, roleName);
                ps.setObject(5, revoked, java.sql.Types.BOOLEAN);
                ps.setObject(6, LoginJdbc.timestamp(at));
                ps.setObject(7, revoked, java.sql.Types.BOOLEAN);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("a user event without an email for user " + userId + " of account "
                            + accountId + ", who was not announced before");
                }
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw LoginJdbc.failed("store the announced user", e);
        }
    }

    /** What a login needs to know about an email, in one query: any of its users revoked, and the newest one. */
    public record Lookup(boolean revoked, Optional<KnownUser> latest) {}

    /**
     * Whether any user with this email is revoked, and the newest one (by {@code updated_at}), in one query (an email
     * has one row, or a few when user-service re-created the user). Plain JDBC ({@link LoginJdbc}): the newest
     * row comes back detached, for reading only.
     */
    public Lookup lookup(String accountId, String email) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(LOOKUP)) {
            ps.setString(1, accountId);
            ps.setString(2, email);
            LookupReader reader = new LookupReader(accountId, email);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.row(rs);
                }
            }
            return reader.lookup();
        } catch (SQLException e) {
            throw LoginJdbc.failed("look up the user", e);
        }
    }

    /**
     * Reads a {@link Lookup} row by row from rows of {@code user_id, role, revoked, updated_at}, newest first; a row
     * whose {@code user_id} is null (the outer side of a join) is no user. Shared with {@link ResponseClaim}, whose
     * statement returns the same columns.
     */
    static final class LookupReader {
        private final String accountId;
        private final String email;
        private boolean revoked;
        private KnownUser latest;

        LookupReader(String accountId, String email) {
            this.accountId = accountId;
            this.email = email;
        }

        void row(ResultSet rs) throws SQLException {
            String userId = rs.getString("user_id");
            if (userId == null) {
                return;
            }
            revoked |= rs.getBoolean("revoked");
            if (latest == null) {
                String role = rs.getString("role");
                latest = KnownUser.restore(
                        accountId,
                        userId,
                        email,
                        role == null ? null : Role.valueOf(role),
                        rs.getBoolean("revoked"),
                        LoginJdbc.instant(rs, "updated_at"));
            }
        }

        Lookup lookup() {
            return new Lookup(revoked, Optional.ofNullable(latest));
        }
    }
}
