package io.gatehouse.sso.domain;

import io.gatehouse.sso.saml.validation.RequestCorrelation;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

@ApplicationScoped
public class AuthnRequestRepository implements PanacheRepositoryBase<PendingAuthnRequest, String> {
    private static final String FIND = "SELECT id, account_id, expires_at, consumed_at, test_id, browser_binding_hash "
            + "FROM sso_authn_request WHERE id = ?";
    private static final String CONSUME = "UPDATE sso_authn_request SET consumed_at = ? "
            + "WHERE id = ? AND account_id = ? AND consumed_at IS NULL AND expires_at > ?";

    private static final String CREATE = "WITH relay AS (INSERT INTO sso_relay_state (relay_key, account_id, "
            + "return_path, created_at, expires_at) VALUES (?, ?, ?, ?, ?)) INSERT INTO sso_authn_request (id, "
            + "account_id, relay_key, test_id, browser_binding_hash, created_at, expires_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;

    public AuthnRequestRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores a new request with its RelayState, in one statement (atomic without a transaction; plain JDBC, see
     * {@link LoginJdbc}).
     */
    public void create(PendingAuthnRequest request, RelayState relay) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(CREATE)) {
            ps.setString(1, relay.relayKey());
            ps.setString(2, relay.accountId());
            ps.setString(3, relay.returnPath());
            ps.setObject(4, LoginJdbc.timestamp(relay.createdAt()));
            ps.setObject(5, LoginJdbc.timestamp(relay.expiresAt()));
            ps.setString(6, request.id());
            ps.setString(7, request.accountId());
            ps.setString(8, request.relayKey());
            ps.setObject(9, request.testId());
            ps.setString(10, request.browserBindingHash());
            ps.setObject(11, LoginJdbc.timestamp(request.createdAt()));
            ps.setObject(12, LoginJdbc.timestamp(request.expiresAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw LoginJdbc.failed("store the AuthnRequest", e);
        }
    }

    /**
     * The request a response names in InResponseTo, as the validator sees it; one plain JDBC read (no transaction
     * needed, see {@link LoginJdbc}).
     */
    public Optional<RequestCorrelation.PendingRequest> pending(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(FIND)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Object testId = rs.getObject("test_id");
                return Optional.of(new RequestCorrelation.PendingRequest(
                        rs.getString("id"),
                        rs.getString("account_id"),
                        LoginJdbc.instant(rs, "expires_at"),
                        rs.getObject("consumed_at") != null,
                        testId == null ? null : testId.toString(),
                        rs.getString("browser_binding_hash")));
            }
        } catch (SQLException e) {
            throw LoginJdbc.failed("read the AuthnRequest", e);
        }
    }

    /**
     * Marks the request used; false when it was already used, expired, or is another account's (single use).
     * Must run in a transaction (plain JDBC, see {@link LoginJdbc}).
     */
    public boolean consume(String id, String accountId, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(CONSUME)) {
            ps.setObject(1, LoginJdbc.timestamp(now));
            ps.setString(2, id);
            ps.setString(3, accountId);
            ps.setObject(4, LoginJdbc.timestamp(now));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw LoginJdbc.failed("consume the AuthnRequest", e);
        }
    }

    public long purgeExpired(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
