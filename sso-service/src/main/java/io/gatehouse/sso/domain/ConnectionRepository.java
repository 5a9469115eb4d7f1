package io.gatehouse.sso.domain;

import io.gatehouse.events.Plan;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

@ApplicationScoped
public class ConnectionRepository implements PanacheRepositoryBase<SsoConnection, String> {
    private static final String LOGIN_TARGET = "SELECT c.account_id, c.idp_sso_url, c.authn_request_binding, a.plan "
            + "FROM sso_domain d JOIN sso_connection c ON c.account_id = d.account_id "
            + "LEFT JOIN sso_account a ON a.account_id = c.account_id "
            + "WHERE d.domain = ? AND d.status = 'VERIFIED' AND c.enabled "
            + "AND EXISTS (SELECT 1 FROM sso_certificate t WHERE t.account_id = c.account_id)";

    private final DataSource dataSource;

    public ConnectionRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Where a sign-in for an email domain goes: the IdP of the account that verified the domain;
     * {@code planAllowsSso} is false when the account is no longer on a plan that includes SSO.
     */
    public record LoginTarget(
            String accountId, String idpSsoUrl, SsoConnection.Binding binding, boolean planAllowsSso) {}

    /**
     * The login target of a verified domain whose account has SSO enabled and at least one IdP certificate; empty
     * otherwise. One query (plain JDBC, see {@link LoginJdbc}).
     */
    public Optional<LoginTarget> loginTarget(String domain) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(LOGIN_TARGET)) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String plan = rs.getString(4);
                return Optional.of(new LoginTarget(
                        rs.getString(1),
                        rs.getString(2),
                        SsoConnection.Binding.valueOf(rs.getString(3)),
                        plan != null && Plan.valueOf(plan).allowsSso()));
            }
        } catch (SQLException e) {
            throw LoginJdbc.failed("find the login target", e);
        }
    }
}
