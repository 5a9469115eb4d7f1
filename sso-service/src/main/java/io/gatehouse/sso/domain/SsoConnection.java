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
import java.util.List;

/** An account's SAML connection to its JumpCloud application. */
@Entity
@Table(name = "sso_connection")
public class SsoConnection {
    public enum Binding {
        POST,
        REDIRECT
    }

    @Id
    @Column(name = "account_id")
    public String accountId;

    public boolean enabled;

    @Column(name = "idp_entity_id")
    public String idpEntityId;

    @Column(name = "idp_sso_url")
    public String idpSsoUrl;

    @Enumerated(EnumType.STRING)
    @Column(name = "default_role")
    public Role defaultRole;

    @Column(name = "allow_idp_initiated")
    public boolean allowIdpInitiated;

    @Column(name = "clock_skew_seconds")
    public int clockSkewSeconds;

    @Enumerated(EnumType.STRING)
    @Column(name = "authn_request_binding")
    public Binding authnRequestBinding;
    /** Accept emails outside the account's verified domains from the IdP (default off). */
    @Column(name = "allow_other_email_domains")
    public boolean allowOtherEmailDomains;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @OneToMany(mappedBy = "connection", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("addedAt, id")
    public List<IdpCertificate> certificates = new ArrayList<>();
}
