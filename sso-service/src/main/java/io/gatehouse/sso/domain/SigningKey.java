package io.gatehouse.sso.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An RS256 key for account JWTs. It is published from {@code createdAt}, signs from {@code activatesAt} until
 * {@code retiredAt} (its successor's activation), and stays published until every token it signed has expired.
 */
@Entity
@Table(name = "sso_signing_key")
public class SigningKey {
    @Id
    private String kid;

    @Column(name = "public_jwk")
    private String publicJwk;

    @Column(name = "private_encrypted")
    private String privateEncrypted;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "activates_at")
    private Instant activatesAt;

    @Column(name = "retired_at")
    private Instant retiredAt;

    protected SigningKey() {
        // for JPA
    }

    /**
     * A new key, published from {@code now}, signing from {@code activatesAt}; {@code retired_at} is set later by
     * a bulk update ({@link SigningKeyRepository#retireSigners}) when its successor is created.
     */
    public static SigningKey create(
            String kid, String publicJwk, String privateEncrypted, Instant now, Instant activatesAt) {
        SigningKey k = new SigningKey();
        k.kid = kid;
        k.publicJwk = publicJwk;
        k.privateEncrypted = privateEncrypted;
        k.createdAt = now;
        k.activatesAt = activatesAt;
        return k;
    }

    /** Whether it signs tokens issued at {@code t} (activated, not yet retired). */
    public boolean signsAt(Instant t) {
        return !activatesAt.isAfter(t) && (retiredAt == null || t.isBefore(retiredAt));
    }

    public String kid() {
        return kid;
    }

    public String publicJwk() {
        return publicJwk;
    }

    public String privateEncrypted() {
        return privateEncrypted;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant activatesAt() {
        return activatesAt;
    }

    public Instant retiredAt() {
        return retiredAt;
    }
}
