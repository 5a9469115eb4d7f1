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
    public String kid;

    @Column(name = "public_jwk")
    public String publicJwk;

    @Column(name = "private_encrypted")
    public String privateEncrypted;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "activates_at")
    public Instant activatesAt;

    @Column(name = "retired_at")
    public Instant retiredAt;
}
