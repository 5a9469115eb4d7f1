package io.gatehouse.sso.domain;

import io.gatehouse.events.Role;
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
 * Login sessions: a new random id on every login (the browser holds it, the database only its SHA-256), an idle
 * timeout that slides with use and an absolute timeout that does not. A session of a revoked user is ended.
 */
@ApplicationScoped
public class Sessions {
    private static final String INSERT = "INSERT INTO sso_session (id_hash, account_id, email, user_id, role, name_id, "
            + "created_at, last_seen_at, idle_expires_at, absolute_expires_at, presence_hash) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The session and the newest row of its user (by {@code updated_at}; an email has one row, or a few when user-service
     * re-created the user), in one query. */
    private static final String RESOLVE = "SELECT s.*, u.user_id AS known_user_id, u.role AS known_role, "
            + "u.revoked AS known_revoked FROM sso_session s LEFT JOIN LATERAL (SELECT user_id, role, revoked "
            + "FROM sso_user WHERE account_id = s.account_id AND email = s.email ORDER BY updated_at DESC LIMIT 1) u "
            + "ON true WHERE s.id_hash = ?";

    private static final String TOUCH = "UPDATE sso_session SET user_id = ?, role = ?, last_seen_at = ?, "
            + "idle_expires_at = ? WHERE id_hash = ? AND ended_at IS NULL";
    private static final String END =
            "UPDATE sso_session SET ended_at = ?, ended_reason = ? " + "WHERE id_hash = ? AND ended_at IS NULL";

    private final SessionRepository sessions;
    private final SsoConfig config;
    private final Clock clock;
    private final DataSource dataSource;

    public Sessions(SessionRepository sessions, SsoConfig config, Clock clock, DataSource dataSource) {
        this.sessions = sessions;
        this.config = config;
        this.clock = clock;
        this.dataSource = dataSource;
    }

    /**
     * The raw session id and its expiry; call inside the login transaction. The row is written with one plain
     * JDBC insert ({@link LoginJdbc}); the returned session is detached, for reading. {@code rawPresence} is the
     * value of the presence cookie, which only tells the ACS which session a browser holds ({@link SessionSwitch}).
     */
    public record Created(String rawId, Session session, String rawPresence) {}

    @Transactional(Transactional.TxType.MANDATORY)
    public Created create(String accountId, String email, String nameId, String userId, Role role) {
        try (Connection c = dataSource.getConnection()) {
            return create(c, accountId, email, nameId, userId, role);
        } catch (SQLException e) {
            throw LoginJdbc.failed("create the session", e);
        }
    }

    /** As above, on the ACS's login transaction ({@link LoginTransaction}). */
    public Created create(Connection c, String accountId, String email, String nameId, String userId, Role role) {
        Instant now = clock.instant();
        String raw = Tokens.random(32);
        Session session = Session.create(
                Tokens.sha256(raw),
                accountId,
                email,
                nameId,
                userId,
                role,
                now,
                config.session().idleTimeout(),
                config.session().absoluteTimeout());
        String presence = Tokens.random(32);
        insert(c, session, Tokens.sha256(presence));
        return new Created(raw, session, presence);
    }

    private static void insert(Connection c, Session s, String presenceHash) {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, s.idHash());
            ps.setString(2, s.accountId());
            ps.setString(3, s.email());
            ps.setString(4, s.userId());
            ps.setString(5, s.role().name());
            ps.setString(6, s.nameId());
            ps.setObject(7, LoginJdbc.timestamp(s.createdAt()));
            ps.setObject(8, LoginJdbc.timestamp(s.lastSeenAt()));
            ps.setObject(9, LoginJdbc.timestamp(s.idleExpiresAt()));
            ps.setObject(10, LoginJdbc.timestamp(s.absoluteExpiresAt()));
            ps.setString(11, presenceHash);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw LoginJdbc.failed("create the session", e);
        }
    }

    /**
     * The active session for a raw id, touched (idle timeout extended) and with the user's current id and role; a
     * session of a revoked user is ended instead. Plain JDBC ({@link LoginJdbc}), no transaction of its own: one
     * read of the session with its user's newest row, then, only when the user's id or role changed or the last
     * touch is {@link Session#touchDue due} (ADR 0025), one update that only touches an open session (so a
     * concurrent logout or revocation is never overwritten). The returned session is detached, for reading, and
     * carries the idle expiry as stored.
     */
    public Optional<Session> resolve(String rawId) {
        if (rawId == null || rawId.isEmpty() || rawId.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            Session session;
            boolean known;
            boolean revoked;
            boolean userChanged = false;
            try (PreparedStatement ps = c.prepareStatement(RESOLVE)) {
                ps.setString(1, Tokens.sha256(rawId));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    session = session(rs);
                    known = rs.getString("known_user_id") != null;
                    revoked = rs.getBoolean("known_revoked");
                    if (known) {
                        String storedUserId = session.userId();
                        Role storedRole = session.role();
                        String role = rs.getString("known_role");
                        session.refreshUser(rs.getString("known_user_id"), role == null ? null : Role.valueOf(role));
                        userChanged = !session.userId().equals(storedUserId) || session.role() != storedRole;
                    }
                }
            }
            if (!session.activeAt(now)) {
                return Optional.empty();
            }
            if (known && revoked) {
                try (PreparedStatement ps = c.prepareStatement(END)) {
                    ps.setObject(1, LoginJdbc.timestamp(now));
                    ps.setString(2, "user_revoked");
                    ps.setString(3, session.idHash());
                    ps.executeUpdate();
                }
                return Optional.empty();
            }
            if (!userChanged && !session.touchDue(now, config.session().idleTimeout())) {
                return Optional.of(session); // touched less than an interval ago: no write (ADR 0025)
            }
            session.touch(now, config.session().idleTimeout());
            try (PreparedStatement ps = c.prepareStatement(TOUCH)) {
                ps.setString(1, session.userId());
                ps.setString(2, session.role().name());
                ps.setObject(3, LoginJdbc.timestamp(now));
                ps.setObject(4, LoginJdbc.timestamp(session.idleExpiresAt()));
                ps.setString(5, session.idHash());
                if (ps.executeUpdate() == 0) {
                    return Optional.empty(); // ended meanwhile
                }
            }
            return Optional.of(session);
        } catch (SQLException e) {
            throw LoginJdbc.failed("resolve the session", e);
        }
    }

    private static Session session(ResultSet rs) throws SQLException {
        return Session.restore(
                rs.getString("id_hash"),
                rs.getString("account_id"),
                rs.getString("email"),
                rs.getString("user_id"),
                Role.valueOf(rs.getString("role")),
                rs.getString("name_id"),
                LoginJdbc.instant(rs, "created_at"),
                LoginJdbc.instant(rs, "last_seen_at"),
                LoginJdbc.instant(rs, "idle_expires_at"),
                LoginJdbc.instant(rs, "absolute_expires_at"),
                LoginJdbc.instant(rs, "ended_at"),
                rs.getString("ended_reason"));
    }

    @Transactional
    public void end(String rawId, String reason) {
        if (rawId == null || rawId.isEmpty() || rawId.length() > 100) {
            return;
        }
        Session session = sessions.findById(Tokens.sha256(rawId));
        if (session != null) {
            session.end(reason, clock.instant());
        }
    }
}
