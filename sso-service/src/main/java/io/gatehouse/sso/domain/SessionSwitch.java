package io.gatehouse.sso.domain;

import io.gatehouse.events.LoginFlow;
import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.Role;
import io.gatehouse.platform.outbox.Outbox;
import io.gatehouse.sso.config.SsoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Session swap (issue 15 point 4): a SAML login that would replace a live session of a different user or account
 * is not completed at the ACS. The validated login (never the SAML response) waits in {@code sso_pending_switch},
 * keyed by the SHA-256 of a one-time token and bound to the session it would replace, until the person confirms
 * on {@code POST /sso/switch} (the old session ends, the new one starts, LoginSucceeded is written) or cancels
 * (the old session stays). A pending switch lives as long as an AuthnRequest.
 */
@ApplicationScoped
public class SessionSwitch {
    /** The live session a request carried: by the session cookie, or by the presence cookie at the ACS. */
    public record Current(String idHash, String accountId, String accountName, String email) {}

    /** What a confirmation page shows, and the token its form posts back. */
    public record Pending(String token, Current current, String accountId, String accountName, String email) {}

    /** A confirmed switch: the new session's raw id, raw presence value, and where to go. */
    public record Switched(Sessions.Created created, String returnPath) {}

    private static final String CURRENT = "SELECT s.id_hash, s.account_id, s.email, a.name FROM sso_session s "
            + "LEFT JOIN sso_account a ON a.account_id = s.account_id WHERE (s.id_hash = ? OR s.presence_hash = ?) "
            + "AND s.ended_at IS NULL AND s.idle_expires_at > ? AND s.absolute_expires_at > ? "
            + "ORDER BY s.created_at DESC LIMIT 1";
    private static final String HOLD = "INSERT INTO sso_pending_switch (token_hash, replaces_session_hash, "
            + "account_id, email, name_id, user_id, role, first_name, last_name, idp_entity_id, sp_initiated, "
            + "default_role, return_path, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String ACCOUNT_NAME = "SELECT name FROM sso_account WHERE account_id = ?";
    private static final String TAKE =
            "DELETE FROM sso_pending_switch WHERE token_hash = ? " + "AND replaces_session_hash = ? RETURNING *";

    private final DataSource dataSource;
    private final Sessions sessions;
    private final SessionRepository sessionRows;
    private final KnownUserRepository users;
    private final AccountRepository accounts;
    private final Outbox outbox;
    private final SsoConfig config;
    private final Clock clock;

    public SessionSwitch(
            DataSource dataSource,
            Sessions sessions,
            SessionRepository sessionRows,
            KnownUserRepository users,
            AccountRepository accounts,
            Outbox outbox,
            SsoConfig config,
            Clock clock) {
        this.dataSource = dataSource;
        this.sessions = sessions;
        this.sessionRows = sessionRows;
        this.users = users;
        this.accounts = accounts;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    /** The live session named by a raw session id or a raw presence value (either may be null). */
    public Optional<Current> current(String rawSession, String rawPresence) {
        String byId = usable(rawSession) ? Tokens.sha256(rawSession) : "-";
        String byPresence = usable(rawPresence) ? Tokens.sha256(rawPresence) : "-";
        if (byId.equals("-") && byPresence.equals("-")) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(CURRENT)) {
            ps.setString(1, byId);
            ps.setString(2, byPresence);
            ps.setObject(3, LoginJdbc.timestamp(now));
            ps.setObject(4, LoginJdbc.timestamp(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String name = rs.getString(4);
                return Optional.of(new Current(
                        rs.getString(1), rs.getString(2), name == null ? rs.getString(2) : name, rs.getString(3)));
            }
        } catch (SQLException e) {
            throw LoginJdbc.failed("find the current session", e);
        }
    }

    /** Whether a login of {@code email} in {@code accountId} would replace {@code current} with someone else. */
    public static boolean isSwap(Current current, String accountId, String email) {
        return current != null
                && (!current.accountId().equals(accountId) || !current.email().equalsIgnoreCase(email));
    }

    /**
     * Keeps a validated login for confirmation, on the ACS's login transaction ({@link LoginTransaction}): the
     * pending switch commits or rolls back with the AuthnRequest's consumption and the replay row.
     */
    public Pending hold(
            Connection c,
            Current current,
            String accountId,
            String email,
            String nameId,
            String userId,
            Role role,
            String firstName,
            String lastName,
            String idpEntityId,
            boolean spInitiated,
            Role defaultRole,
            String returnPath) {
        Instant now = clock.instant();
        String token = Tokens.random(32);
        String accountName;
        try (PreparedStatement ps = c.prepareStatement(HOLD)) {
            ps.setString(1, Tokens.sha256(token));
            ps.setString(2, current.idHash());
            ps.setString(3, accountId);
            ps.setString(4, email);
            ps.setString(5, nameId.length() > 256 ? nameId.substring(0, 256) : nameId);
            ps.setString(6, userId);
            ps.setString(7, role.name());
            ps.setString(8, firstName);
            ps.setString(9, lastName);
            ps.setString(10, idpEntityId);
            ps.setBoolean(11, spInitiated);
            ps.setString(12, defaultRole.name());
            ps.setString(13, returnPath);
            ps.setObject(14, LoginJdbc.timestamp(now));
            ps.setObject(15, LoginJdbc.timestamp(now.plus(config.authnRequestTtl())));
            ps.executeUpdate();
            accountName = accountName(c, accountId);
        } catch (SQLException e) {
            throw LoginJdbc.failed("hold the session switch", e);
        }
        return new Pending(token, current, accountId, accountName, email);
    }

    private static String accountName(Connection c, String accountId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ACCOUNT_NAME)) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                String name = rs.next() ? rs.getString(1) : null;
                return name == null ? accountId : name;
            }
        }
    }

    /**
     * Continues a pending switch of the browser's current session: the old session ends ({@code switched}), the
     * held login becomes a session, LoginSucceeded is written. Empty when the token is unknown, used, expired,
     * bound to another session, or the account lost SSO or the user was revoked meanwhile.
     */
    @Transactional
    public Optional<Switched> confirm(String token, Current current) {
        Optional<Held> taken = take(token, current);
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        Held held = taken.get();
        Instant now = clock.instant();
        Account account = accounts.findById(held.accountId);
        if (account == null
                || account.plan() == null
                || !account.plan().allowsSso()
                || users.lookup(held.accountId, held.email).revoked()) {
            return Optional.empty();
        }
        Session old = sessionRows.findById(current.idHash());
        if (old != null) {
            old.end("switched", now);
        }
        Sessions.Created created = sessions.create(held.accountId, held.email, held.nameId, held.userId, held.role);
        outbox.publish(LoginSucceeded.of(
                now,
                held.accountId,
                held.nameId,
                held.email,
                held.firstName,
                held.lastName,
                held.idpEntityId,
                held.spInitiated ? LoginFlow.SP_INITIATED : LoginFlow.IDP_INITIATED,
                held.defaultRole));
        return Optional.of(new Switched(created, held.returnPath));
    }

    /** Drops a pending switch of the browser's current session; the current session stays. */
    @Transactional
    public void cancel(String token, Current current) {
        take(token, current);
    }

    private record Held(
            String accountId,
            String email,
            String nameId,
            String userId,
            Role role,
            String firstName,
            String lastName,
            String idpEntityId,
            boolean spInitiated,
            Role defaultRole,
            String returnPath) {}

    private Optional<Held> take(String token, Current current) {
        if (!usable(token) || current == null) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(TAKE)) {
            ps.setString(1, Tokens.sha256(token));
            ps.setString(2, current.idHash());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !clock.instant().isBefore(LoginJdbc.instant(rs, "expires_at"))) {
                    return Optional.empty();
                }
                return Optional.of(new Held(
                        rs.getString("account_id"),
                        rs.getString("email"),
                        rs.getString("name_id"),
                        rs.getString("user_id"),
                        Role.valueOf(rs.getString("role")),
                        rs.getString("first_name"),
                        rs.getString("last_name"),
                        rs.getString("idp_entity_id"),
                        rs.getBoolean("sp_initiated"),
                        Role.valueOf(rs.getString("default_role")),
                        rs.getString("return_path")));
            }
        } catch (SQLException e) {
            throw LoginJdbc.failed("take the session switch", e);
        }
    }

    private static boolean usable(String raw) {
        return raw != null && !raw.isEmpty() && raw.length() <= 100;
    }
}
