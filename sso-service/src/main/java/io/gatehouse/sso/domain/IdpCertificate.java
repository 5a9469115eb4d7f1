package io.gatehouse.sso.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** One IdP signing certificate of a connection (public material only); never changed once added (ADR 0018). */
@Entity
@Table(name = "sso_certificate")
public class IdpCertificate {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "account_id")
    private SsoConnection connection;

    private String fingerprint;
    private String pem;
    private String subject;

    @Column(name = "not_before")
    private Instant notBefore;

    @Column(name = "not_after")
    private Instant notAfter;

    @Column(name = "added_at")
    private Instant addedAt;

    protected IdpCertificate() {
        // for JPA
    }

    /** A certificate newly trusted by {@code connection} ({@link SsoConnection#replaceCertificates}). */
    static IdpCertificate of(SsoConnection connection, ParsedCertificate parsed, Instant now) {
        IdpCertificate c = new IdpCertificate();
        c.connection = connection;
        c.fingerprint = parsed.fingerprint();
        c.pem = parsed.pem();
        c.subject = parsed.subject().length() > 1000 ? parsed.subject().substring(0, 1000) : parsed.subject();
        c.notBefore = parsed.notBefore();
        c.notAfter = parsed.notAfter();
        c.addedAt = now;
        return c;
    }

    public Long id() {
        return id;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public String pem() {
        return pem;
    }

    public String subject() {
        return subject;
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
    }

    public Instant addedAt() {
        return addedAt;
    }
}
