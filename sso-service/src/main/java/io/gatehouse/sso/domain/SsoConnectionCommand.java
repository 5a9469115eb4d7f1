package io.gatehouse.sso.domain;

import java.util.List;

/**
 * The command {@link ConfigureSsoConnection} takes (also built by {@link ImportIdpMetadata}), bound from the body
 * of {@code PUT /api/accounts/{accountId}/sso}.
 */
public record SsoConnectionCommand(
        Boolean enabled,
        String idpEntityId,
        String idpSsoUrl,
        List<String> idpCertificatesPem,
        String defaultRole,
        Boolean allowIdpInitiated,
        Integer clockSkewSeconds,
        String authnRequestBinding,
        Boolean allowOtherEmailDomains) {}
