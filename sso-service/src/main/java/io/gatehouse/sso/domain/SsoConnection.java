package io.gatehouse.sso.domain;

import io.gatehouse.events.Role;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An account's SAML connection to its JumpCloud application and its trusted IdP certificates. Private state
 * changed only through {@link #configure} and {@link #replaceCertificates}; ADR 0018 (the entity style).
 */
@Entity
@Table(name = "sso_connection")
public class SsoConnection {
    public enum Binding {
        POST,
        REDIRECT
    }

    @Id
    @Column(name = "account_id")
    private String accountId;

    private boolean enabled;

    @Column(name = "idp_entity_id")
    private String idpEntityId;

    @Column(name = "idp_sso_url")
    private String idpSsoUrl;

    @Enumerated(EnumType.STRING)
    @Column(name = "default_role")
    private Role defaultRole;

    @Column(name = "allow_idp_initiated")
    private boolean allowIdpInitiated;

    @Column(name = "clock_skew_seconds")
    private int clockSkewSeconds;

    @Enumerated(EnumType.STRING)
    @Column(name = "authn_request_binding")
    private Binding authnRequestBinding;
    /** Accept emails outside the account's verified domains from the IdP (default off). */
    @Column(name = "allow_other_email_domains")
    private boolean allowOtherEmailDomains;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @OneToMany(mappedBy = "connection", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("addedAt, id")
    private List<IdpCertificate> certificates = new ArrayList<>();

    protected SsoConnection() {
        // for JPA
    }

    /** A new connection of this account, not configured yet: {@link #configure} it before persisting. */
    public static SsoConnection create(String accountId, Instant now) {
        SsoConnection c = new SsoConnection();
        c.accountId = accountId;
        c.createdAt = now;
        c.updatedAt = now;
        return c;
    }

    /** The validated settings {@link ConfigureSsoConnection} writes; the certificates are replaced separately. */
    public record Settings(
            boolean enabled,
            String idpEntityId,
            String idpSsoUrl,
            Role defaultRole,
            boolean allowIdpInitiated,
            int clockSkewSeconds,
            Binding authnRequestBinding,
            boolean allowOtherEmailDomains) {}

    public void configure(Settings settings, Instant now) {
        enabled = settings.enabled();
        idpEntityId = settings.idpEntityId();
        idpSsoUrl = settings.idpSsoUrl();
        defaultRole = settings.defaultRole();
        allowIdpInitiated = settings.allowIdpInitiated();
        clockSkewSeconds = settings.clockSkewSeconds();
        authnRequestBinding = settings.authnRequestBinding();
        allowOtherEmailDomains = settings.allowOtherEmailDomains();
        updatedAt = now;
    }

    /** Keeps certificates that are still listed (with their original date), adds new ones, drops the rest. */
    public void replaceCertificates(List<ParsedCertificate> parsed, Instant now) {
        Set<String> wanted = new HashSet<>();
        parsed.forEach(p -> wanted.add(p.fingerprint()));
        certificates.removeIf(c -> !wanted.contains(c.fingerprint()));
        Set<String> present = new HashSet<>();
        certificates.forEach(c -> present.add(c.fingerprint()));
        for (ParsedCertificate p : parsed) {
            if (present.add(p.fingerprint())) {
                certificates.add(IdpCertificate.of(this, p, now));
            }
        }
        updatedAt = now;
    }

    /** The trusted IdP certificates, oldest addition first (read-only). */
    public List<IdpCertificate> certificates() {
        return Collections.unmodifiableList(certificates);
    }

    public String accountId() {
        return accountId;
    }

    public String idpEntityId() {
        return idpEntityId;
    }

    public String idpSsoUrl() {
        return idpSsoUrl;
    }

    public Role defaultRole() {
        return defaultRole;
    }

    public Binding authnRequestBinding() {
        return authnRequestBinding;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean allowIdpInitiated() {
        return allowIdpInitiated;
    }

    public int clockSkewSeconds() {
        return clockSkewSeconds;
    }

    public boolean allowOtherEmailDomains() {
        return allowOtherEmailDomains;
    }
}
