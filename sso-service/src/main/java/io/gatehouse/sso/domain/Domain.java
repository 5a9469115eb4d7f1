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

/** An email domain an account claims; VERIFIED once its DNS TXT record is seen. */
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
    public Long id;

    @Column(name = "account_id")
    public String accountId;

    public String domain;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "txt_value")
    public String txtValue;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    public String txtRecordName() {
        return TXT_PREFIX + domain;
    }
}
