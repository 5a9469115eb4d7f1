package io.gatehouse.sso.domain;

import io.gatehouse.events.Role;
import io.gatehouse.sso.config.SsoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Login sessions: a new random id on every login (the browser holds it, the database only its SHA-256), an idle
 * timeout that slides with use and an absolute timeout that does not. A session of a revoked user is ended.
 */
@ApplicationScoped
public class Sessions {
    private final SessionRepository sessions;
    private final KnownUserRepository users;
    private final SsoConfig config;
    private final Clock clock;

    public Sessions(SessionRepository sessions, KnownUserRepository users, SsoConfig config, Clock clock) {
        this.sessions = sessions;
        this.users = users;
        this.config = config;
        this.clock = clock;
    }

    /** The raw session id and its expiry; call inside the login transaction. */
    public record Created(String rawId, Session session) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Created create(String accountId, String email, String nameId, String userId, Role role) {
        Instant now = clock.instant();
        String raw = Tokens.random(32);
        Session session = new Session();
        session.idHash = Tokens.sha256(raw);
        session.accountId = accountId;
        session.email = email;
        session.nameId = nameId.length() > 256 ? nameId.substring(0, 256) : nameId;
        session.userId = userId;
        session.role = role;
        session.createdAt = now;
        session.lastSeenAt = now;
        session.idleExpiresAt = now.plus(config.session().idleTimeout());
        session.absoluteExpiresAt = now.plus(config.session().absoluteTimeout());
        sessions.persist(session);
        return new Created(raw, session);
    }

    /** The active session for a raw id, touched (idle timeout extended) and with the user's current id and role. */
    @Transactional
    public Optional<Session> resolve(String rawId) {
        if (rawId == null || rawId.isEmpty() || rawId.length() > 100) {
            return Optional.empty();
        }
        Session session = sessions.findById(Tokens.sha256(rawId));
        Instant now = clock.instant();
        if (session == null || !session.activeAt(now)) {
            return Optional.empty();
        }
        Optional<KnownUser> user = users.byEmail(session.accountId, session.email);
        if (user.isPresent() && user.get().revoked) {
            session.endedAt = now;
            session.endedReason = "user_revoked";
            return Optional.empty();
        }
        user.ifPresent(u -> {
            session.userId = u.key.userId;
            if (u.role != null) {
                session.role = u.role;
            }
        });
        session.lastSeenAt = now;
        Instant idle = now.plus(config.session().idleTimeout());
        session.idleExpiresAt = idle.isBefore(session.absoluteExpiresAt) ? idle : session.absoluteExpiresAt;
        return Optional.of(session);
    }

    @Transactional
    public void end(String rawId, String reason) {
        if (rawId == null || rawId.isEmpty() || rawId.length() > 100) {
            return;
        }
        Session session = sessions.findById(Tokens.sha256(rawId));
        if (session != null && session.endedAt == null) {
            session.endedAt = clock.instant();
            session.endedReason = reason;
        }
    }
}
