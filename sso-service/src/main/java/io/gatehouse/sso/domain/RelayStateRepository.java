package io.gatehouse.sso.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

@ApplicationScoped
public class RelayStateRepository implements PanacheRepositoryBase<RelayState, String> {
    private static final String TAKE = "DELETE FROM sso_relay_state WHERE relay_key = ? AND account_id = ? "
            + "AND expires_at > ? RETURNING return_path";

    /**
     * Removes and answers the return path of this account's RelayState when it has not expired (single use); an
     * unknown, expired or other account's key is left alone. One statement (plain JDBC, see {@link LoginJdbc}), on the connection it is handed: the login
     * transaction's ({@link LoginTransaction}).
     */
    public Optional<String> take(Connection c, String relayKey, String accountId, Instant now) {
        try (PreparedStatement ps = c.prepareStatement(TAKE)) {
            ps.setString(1, relayKey);
            ps.setString(2, accountId);
            ps.setObject(3, LoginJdbc.timestamp(now));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw LoginJdbc.failed("take the RelayState", e);
        }
    }

    public long purgeExpired(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
