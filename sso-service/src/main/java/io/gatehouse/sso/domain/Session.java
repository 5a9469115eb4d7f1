package io.gatehouse.sso.domain;

import io.gatehouse.events.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A login session. The id the browser holds is never stored, only its SHA-256. */
@Entity
@Table(name = "sso_session")
public class Session {
    @Id
    @Column(name = "id_hash")
    public String idHash;

    @Column(name = "account_id")
    public String accountId;

    public String email;

    @Column(name = "user_id")
    public String userId;

    @Enumerated(EnumType.STRING)
    public Role role;

    @Column(name = "name_id")
    public String nameId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Column(name = "idle_expires_at")
    public Instant idleExpiresAt;

    @Column(name = "absolute_expires_at")
    public Instant absoluteExpiresAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "ended_reason")
    public String endedReason;

    public boolean activeAt(Instant now) {
        return endedAt == null && now.isBefore(idleExpiresAt) && now.isBefore(absoluteExpiresAt);
    }

    public Instant expiresAt() {
        return idleExpiresAt.isBefore(absoluteExpiresAt) ? idleExpiresAt : absoluteExpiresAt;
    }
}
