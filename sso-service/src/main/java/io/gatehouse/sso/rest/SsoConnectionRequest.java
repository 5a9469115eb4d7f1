package io.gatehouse.sso.rest;

import java.util.List;

/** Body of {@code PUT /api/accounts/{accountId}/sso}. */
public record SsoConnectionRequest(Boolean enabled, String idpEntityId, String idpSsoUrl,
                                   List<String> idpCertificatesPem, String defaultRole, Boolean allowIdpInitiated,
                                   Integer clockSkewSeconds, String authnRequestBinding,
                                   Boolean allowOtherEmailDomains) {
}
