package io.gatehouse.sso.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An email domain an account claims; VERIFIED once its DNS TXT record is seen ({@link #verify}). Private state
 * (ADR 0018).
 */
@Entity
@Table(name = "sso_domain")
public class Domain {
    public enum Status {
        PENDING,
        VERIFIED
    }

    public static final String TXT_PREFIX = "_gatehouse-challenge.";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "account_id")
    private String accountId;

    private String domain;

    @Enumerated(EnumType.STRING)
    private Status status;

    @Column(name = "txt_value")
    private String txtValue;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "verified_at")
    private Instant verifiedAt;

    public String txtRecordName() {
        return TXT_PREFIX + domain;
    }

    protected Domain() {
        // for JPA
    }

    /** A claimed domain, PENDING until the TXT record with {@code txtValue} is found. */
    public static Domain create(String accountId, String domain, String txtValue, Instant now) {
        Domain d = new Domain();
        d.accountId = accountId;
        d.domain = domain;
        d.status = Status.PENDING;
        d.txtValue = txtValue;
        d.createdAt = now;
        return d;
    }

    /** PENDING → VERIFIED; false when already verified. */
    public boolean verify(Instant now) {
        if (status == Status.VERIFIED) {
            return false;
        }
        status = Status.VERIFIED;
        verifiedAt = now;
        return true;
    }

    public Long id() {
        return id;
    }

    public String accountId() {
        return accountId;
    }

    public String domain() {
        return domain;
    }

    public Status status() {
        return status;
    }

    public String txtValue() {
        return txtValue;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant verifiedAt() {
        return verifiedAt;
    }
}
