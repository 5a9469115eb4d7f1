package io.gatehouse.sso.domain;

import io.gatehouse.events.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * A login session. The id the browser holds is never stored, only its SHA-256. Most rows are written and read with
 * plain JDBC on the login path ({@link Sessions}); private state changed only through {@link #touch},
 * {@link #refreshUser} and {@link #end} (ADR 0018).
 */
@Entity
@Table(name = "sso_session")
public class Session {
    @Id
    @Column(name = "id_hash")
    private String idHash;

    @Column(name = "account_id")
    private String accountId;

    private String email;

    @Column(name = "user_id")
    private String userId;

    @Enumerated(EnumType.STRING)
    private Role role;

    @Column(name = "name_id")
    private String nameId;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "last_seen_at")
    private Instant lastSeenAt;

    @Column(name = "idle_expires_at")
    private Instant idleExpiresAt;

    @Column(name = "absolute_expires_at")
    private Instant absoluteExpiresAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Column(name = "ended_reason")
    private String endedReason;

    public boolean activeAt(Instant now) {
        return endedAt == null && now.isBefore(idleExpiresAt) && now.isBefore(absoluteExpiresAt);
    }

    public Instant expiresAt() {
        return idleExpiresAt.isBefore(absoluteExpiresAt) ? idleExpiresAt : absoluteExpiresAt;
    }

    protected Session() {
        // for JPA
    }

    /** A new session from {@code now}: the name id is cut to 256 characters, the idle timeout starts now. */
    public static Session create(
            String idHash,
            String accountId,
            String email,
            String nameId,
            String userId,
            Role role,
            Instant now,
            Duration idleTimeout,
            Duration absoluteTimeout) {
        Session s = new Session();
        s.idHash = idHash;
        s.accountId = accountId;
        s.email = email;
        s.nameId = nameId.length() > 256 ? nameId.substring(0, 256) : nameId;
        s.userId = userId;
        s.role = role;
        s.createdAt = now;
        s.lastSeenAt = now;
        s.idleExpiresAt = now.plus(idleTimeout);
        s.absoluteExpiresAt = now.plus(absoluteTimeout);
        return s;
    }

    /** A stored row as read with plain JDBC ({@link Sessions#resolve}), detached. */
    static Session restore(
            String idHash,
            String accountId,
            String email,
            String userId,
            Role role,
            String nameId,
            Instant createdAt,
            Instant lastSeenAt,
            Instant idleExpiresAt,
            Instant absoluteExpiresAt,
            Instant endedAt,
            String endedReason) {
        Session s = new Session();
        s.idHash = idHash;
        s.accountId = accountId;
        s.email = email;
        s.userId = userId;
        s.role = role;
        s.nameId = nameId;
        s.createdAt = createdAt;
        s.lastSeenAt = lastSeenAt;
        s.idleExpiresAt = idleExpiresAt;
        s.absoluteExpiresAt = absoluteExpiresAt;
        s.endedAt = endedAt;
        s.endedReason = endedReason;
        return s;
    }

    /** The user's current id and, when known, role (user-service may have re-created the user or changed it). */
    public void refreshUser(String currentUserId, Role currentRole) {
        userId = currentUserId;
        if (currentRole != null) {
            role = currentRole;
        }
    }

    /**
     * Whether a request at {@code now} must write the session's new idle expiry: only once the last write is
     * {@link #touchInterval} old (ADR 0025). Between writes the stored expiry stands, so a session is at most one
     * interval short of its idle timeout, never past it.
     */
    public boolean touchDue(Instant now, Duration idleTimeout) {
        return !now.isBefore(lastSeenAt.plus(touchInterval(idleTimeout)));
    }

    /** A thirtieth of the idle timeout, at most a minute (30 min idle: 60 s). */
    static Duration touchInterval(Duration idleTimeout) {
        Duration share = idleTimeout.dividedBy(30);
        return share.compareTo(MAX_TOUCH_INTERVAL) < 0 ? share : MAX_TOUCH_INTERVAL;
    }

    private static final Duration MAX_TOUCH_INTERVAL = Duration.ofMinutes(1);

    /** Seen at {@code now}: the idle timeout slides, never past the absolute one. */
    public void touch(Instant now, Duration idleTimeout) {
        lastSeenAt = now;
        Instant idle = now.plus(idleTimeout);
        idleExpiresAt = idle.isBefore(absoluteExpiresAt) ? idle : absoluteExpiresAt;
    }

    /** Ends an open session; false when it had already ended. */
    public boolean end(String reason, Instant now) {
        if (endedAt != null) {
            return false;
        }
        endedAt = now;
        endedReason = reason;
        return true;
    }

    public String idHash() {
        return idHash;
    }

    public String accountId() {
        return accountId;
    }

    public String email() {
        return email;
    }

    public String userId() {
        return userId;
    }

    public Role role() {
        return role;
    }

    public String nameId() {
        return nameId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant lastSeenAt() {
        return lastSeenAt;
    }

    public Instant idleExpiresAt() {
        return idleExpiresAt;
    }

    public Instant absoluteExpiresAt() {
        return absoluteExpiresAt;
    }

    public Instant endedAt() {
        return endedAt;
    }

    public String endedReason() {
        return endedReason;
    }
}
