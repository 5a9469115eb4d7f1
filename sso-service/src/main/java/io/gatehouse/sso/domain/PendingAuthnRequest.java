package io.gatehouse.sso.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An AuthnRequest we sent; consumed by the first response that names it. */
@Entity
@Table(name = "sso_authn_request")
public class PendingAuthnRequest {
    @Id
    public String id;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "relay_key")
    public String relayKey;

    @Column(name = "test_id")
    public UUID testId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "consumed_at")
    public Instant consumedAt;
    /** SHA-256 (hex) of the login cookie's nonce given to the browser that started it; null for Test Connection. */
    @Column(name = "browser_binding_hash")
    public String browserBindingHash;
}
