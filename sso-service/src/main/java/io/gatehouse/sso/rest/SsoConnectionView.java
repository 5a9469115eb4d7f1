package io.gatehouse.sso.rest;

import java.time.Instant;
import java.util.List;

/** The connection as the admin sees it: never private material. */
public record SsoConnectionView(String accountId, boolean enabled, String idpEntityId, String idpSsoUrl,
                                List<CertificateView> certificates, String defaultRole, boolean allowIdpInitiated,
                                int clockSkewSeconds, String authnRequestBinding, String spEntityId, String acsUrl,
                                String metadataUrl, String loginUrl, List<String> warnings, Instant updatedAt,
                                boolean allowOtherEmailDomains) {

    /**
     * {@code expiryWarning}: null, or EXPIRES_WITHIN_60_DAYS / 30 / 7, or EXPIRED. {@code pem} is the public IdP
     * certificate itself, so the settings page can send the list back unchanged on save.
     */
    public record CertificateView(String fingerprint, String subject, Instant notBefore, Instant notAfter,
                                  long daysUntilExpiry, String expiryWarning, String pem) {
    }
}
