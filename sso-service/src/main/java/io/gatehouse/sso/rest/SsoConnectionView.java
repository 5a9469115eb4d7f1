package io.gatehouse.sso.rest;

import io.gatehouse.sso.domain.CertificateStatus;
import java.time.Instant;
import java.util.List;

/** The connection as the admin sees it: never private material. */
public record SsoConnectionView(
        String accountId,
        boolean enabled,
        String idpEntityId,
        String idpSsoUrl,
        List<CertificateStatus> certificates,
        String defaultRole,
        boolean allowIdpInitiated,
        int clockSkewSeconds,
        String authnRequestBinding,
        String spEntityId,
        String acsUrl,
        String metadataUrl,
        String loginUrl,
        List<String> warnings,
        Instant updatedAt,
        boolean allowOtherEmailDomains) {}
