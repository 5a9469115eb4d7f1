package io.gatehouse.sso.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An AuthnRequest we sent; consumed by the first response that names it. Written and consumed with plain JDBC
 * ({@link AuthnRequestRepository}): {@code consumed_at} has an accessor only (ADR 0018).
 */
@Entity
@Table(name = "sso_authn_request")
public class PendingAuthnRequest {
    @Id
    private String id;

    @Column(name = "account_id")
    private String accountId;

    @Column(name = "relay_key")
    private String relayKey;

    @Column(name = "test_id")
    private UUID testId;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "consumed_at", insertable = false, updatable = false)
    private Instant consumedAt;
    /** SHA-256 (hex) of the login cookie's nonce given to the browser that started it; null for Test Connection. */
    @Column(name = "browser_binding_hash")
    private String browserBindingHash;

    protected PendingAuthnRequest() {
        // for JPA
    }

    /** A request sent at {@code now}; {@code browserBindingHash} is null for Test Connection. */
    public static PendingAuthnRequest create(
            String id,
            String accountId,
            String relayKey,
            UUID testId,
            String browserBindingHash,
            Instant now,
            Instant expiresAt) {
        PendingAuthnRequest r = new PendingAuthnRequest();
        r.id = id;
        r.accountId = accountId;
        r.relayKey = relayKey;
        r.testId = testId;
        r.browserBindingHash = browserBindingHash;
        r.createdAt = now;
        r.expiresAt = expiresAt;
        return r;
    }

    public String id() {
        return id;
    }

    public String accountId() {
        return accountId;
    }

    public String relayKey() {
        return relayKey;
    }

    public UUID testId() {
        return testId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant consumedAt() {
        return consumedAt;
    }

    public String browserBindingHash() {
        return browserBindingHash;
    }
}
