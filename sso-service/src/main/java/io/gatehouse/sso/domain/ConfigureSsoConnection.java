package io.gatehouse.sso.domain;

import io.gatehouse.events.Role;
import io.gatehouse.platform.domain.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Saves an account's SSO connection after checking the product's prerequisites (plan BUSINESS or above, a
 * verified domain before enabling) and every field.
 */
@ApplicationScoped
public class ConfigureSsoConnection {
    public static final int MAX_CERTIFICATES = 5;
    public static final int MAX_SKEW_SECONDS = 600;

    private final ConnectionRepository connections;
    private final AccountRepository accounts;
    private final DomainRepository domains;
    private final CertificateParser parser;
    private final Clock clock;
    private final Event<ConnectionSnapshots.SsoConnectionChanged> changed;

    public ConfigureSsoConnection(
            ConnectionRepository connections,
            AccountRepository accounts,
            DomainRepository domains,
            CertificateParser parser,
            Clock clock,
            Event<ConnectionSnapshots.SsoConnectionChanged> changed) {
        this.connections = connections;
        this.accounts = accounts;
        this.domains = domains;
        this.parser = parser;
        this.clock = clock;
        this.changed = changed;
    }

    /** 403 {@code plan_required} unless user-service announced the account on BUSINESS or ENTERPRISE. */
    public void requirePlan(String accountId) {
        Account account = accounts.findById(accountId);
        if (account == null || account.plan() == null || !account.plan().allowsSso()) {
            throw DomainException.forbidden(
                    "plan_required",
                    "SAML single sign-on needs the Business plan or above"
                            + (account == null
                                    ? " (the account is not known yet)"
                                    : " (current plan: " + account.plan() + ")"));
        }
    }

    @Transactional
    public SsoConnection save(String accountId, SsoConnectionCommand request) {
        requirePlan(accountId);
        if (request == null) {
            throw DomainException.validation("a JSON body is required");
        }
        Instant now = clock.instant();
        boolean enabled = Boolean.TRUE.equals(request.enabled());
        String entityId = entityId(request.idpEntityId());
        String ssoUrl = ssoUrl(request.idpSsoUrl());
        Role role = defaultRole(request.defaultRole());
        int skew = request.clockSkewSeconds() == null ? 120 : request.clockSkewSeconds();
        if (skew < 0 || skew > MAX_SKEW_SECONDS) {
            throw DomainException.validation("clockSkewSeconds must be between 0 and " + MAX_SKEW_SECONDS);
        }
        SsoConnection.Binding binding = binding(request.authnRequestBinding());
        List<String> pems = request.idpCertificatesPem() == null ? List.of() : request.idpCertificatesPem();
        if (pems.size() > MAX_CERTIFICATES) {
            throw DomainException.validation("at most " + MAX_CERTIFICATES + " certificates");
        }
        List<ParsedCertificate> parsed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String pem : pems) {
            ParsedCertificate certificate = parser.parse(pem, now);
            if (seen.add(certificate.fingerprint())) {
                parsed.add(certificate);
            }
        }
        if (enabled && parsed.isEmpty()) {
            throw DomainException.invalid(
                    "certificate_invalid", "upload the IdP certificate from JumpCloud before enabling SSO");
        }
        if (enabled && !domains.hasVerified(accountId)) {
            throw DomainException.conflict("domain_not_verified", "verify an email domain before enabling SSO");
        }
        SsoConnection connection = connections.findById(accountId);
        boolean created = connection == null;
        if (created) {
            connection = SsoConnection.create(accountId, now);
        }
        connection.configure(
                new SsoConnection.Settings(
                        enabled,
                        entityId,
                        ssoUrl,
                        role,
                        request.allowIdpInitiated() == null || request.allowIdpInitiated(),
                        skew,
                        binding,
                        Boolean.TRUE.equals(request.allowOtherEmailDomains())),
                now);
        connection.replaceCertificates(parsed, now);
        if (created) {
            connections.persist(connection);
        }
        connections.flush();
        // the ACS's cached snapshot of this account is dropped when this transaction completes
        changed.fire(new ConnectionSnapshots.SsoConnectionChanged(accountId));
        return connection;
    }

    static String entityId(String value) {
        if (value == null || value.isBlank()) {
            throw DomainException.validation("idpEntityId is required (copy it from the JumpCloud application)");
        }
        String v = value.trim();
        if (v.length() > 1024 || v.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw DomainException.validation("idpEntityId must be at most 1024 characters without spaces");
        }
        return v;
    }

    static String ssoUrl(String value) {
        if (value == null || value.isBlank()) {
            throw DomainException.validation(
                    "idpSsoUrl is required (JumpCloud's SSO URL, e.g. https://sso.jumpcloud.com/saml2/<app>)");
        }
        String v = value.trim();
        URI uri;
        try {
            uri = new URI(v);
        } catch (Exception e) {
            throw DomainException.validation("idpSsoUrl is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        boolean loopback = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
        if (host == null
                || v.length() > 2048
                || uri.getUserInfo() != null
                || uri.getFragment() != null
                || !(scheme.equals("https") || (scheme.equals("http") && loopback))) {
            throw DomainException.validation("idpSsoUrl must be an absolute https URL (http only on localhost)");
        }
        return v;
    }

    static Role defaultRole(String value) {
        if (value == null || value.isBlank()) {
            return Role.AGENT;
        }
        try {
            Role role = Role.valueOf(value.trim().toUpperCase(Locale.ROOT));
            if (role == Role.OWNER) {
                throw DomainException.validation("defaultRole cannot be OWNER; use ADMIN, SUPERVISOR or AGENT");
            }
            return role;
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("defaultRole must be ADMIN, SUPERVISOR or AGENT");
        }
    }

    static SsoConnection.Binding binding(String value) {
        if (value == null || value.isBlank()) {
            return SsoConnection.Binding.POST;
        }
        try {
            return SsoConnection.Binding.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("authnRequestBinding must be POST or REDIRECT");
        }
    }
}
