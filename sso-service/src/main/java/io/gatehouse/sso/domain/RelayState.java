package io.gatehouse.sso.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The opaque RelayState we send stands for a validated, relative return path. Never changed once written (ADR 0018).
 */
@Entity
@Table(name = "sso_relay_state")
public class RelayState {
    @Id
    @Column(name = "relay_key")
    private String relayKey;

    @Column(name = "account_id")
    private String accountId;

    @Column(name = "return_path")
    private String returnPath;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    protected RelayState() {
        // for JPA
    }

    public static RelayState create(
            String relayKey, String accountId, String returnPath, Instant now, Instant expiresAt) {
        RelayState r = new RelayState();
        r.relayKey = relayKey;
        r.accountId = accountId;
        r.returnPath = returnPath;
        r.createdAt = now;
        r.expiresAt = expiresAt;
        return r;
    }

    public String relayKey() {
        return relayKey;
    }

    public String accountId() {
        return accountId;
    }

    public String returnPath() {
        return returnPath;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }
}
