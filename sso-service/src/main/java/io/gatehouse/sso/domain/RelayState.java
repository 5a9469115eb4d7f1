package io.gatehouse.sso.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The opaque RelayState we send stands for a validated, relative return path. */
@Entity
@Table(name = "sso_relay_state")
public class RelayState {
    @Id
    @Column(name = "relay_key")
    public String relayKey;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "return_path")
    public String returnPath;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;
}
