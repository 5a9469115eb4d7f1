package io.gatehouse.sso.domain;

import io.gatehouse.events.Role;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

@ApplicationScoped
public class KnownUserRepository implements PanacheRepositoryBase<KnownUser, KnownUser.Key> {
    private static final String LOOKUP = "SELECT user_id, role, revoked, updated_at FROM sso_user "
            + "WHERE account_id = ? AND email = ? ORDER BY updated_at DESC";

    private final DataSource dataSource;

    public KnownUserRepository(DataSource dataSource) {
        this.dataSource = dataSource;
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
