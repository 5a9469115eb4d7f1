package io.gatehouse.sso.rest;

import io.gatehouse.sso.config.SpUrls;
import io.gatehouse.sso.domain.CertificateStatus;
import io.gatehouse.sso.domain.SsoConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Maps a connection entity to its API view, with certificate expiry warnings at 60, 30 and 7 days. */
public final class ConnectionViews {
    private ConnectionViews() {}

    public static SsoConnectionView view(SsoConnection c, SpUrls urls, Instant now) {
        List<CertificateStatus> certificates = CertificateStatus.all(c, now);
        List<String> warnings = new ArrayList<>();
        for (CertificateStatus cert : certificates) {
            if (cert.expiryWarning() != null) {
                warnings.add("certificate " + cert.fingerprint().substring(0, 16) + "… "
                        + (cert.daysUntilExpiry() < 0
                                ? "has expired"
                                : "expires in " + cert.daysUntilExpiry() + " days")
                        + " (" + cert.notAfter() + "): upload the new JumpCloud certificate alongside it");
            }
        }
        if (c.certificates().isEmpty()) {
            warnings.add("no IdP certificate: logins are refused until one is uploaded");
        }
        return new SsoConnectionView(
                c.accountId(),
                c.enabled(),
                c.idpEntityId(),
                c.idpSsoUrl(),
                certificates,
                c.defaultRole().name(),
                c.allowIdpInitiated(),
                c.clockSkewSeconds(),
                c.authnRequestBinding().name(),
                urls.spEntityId(c.accountId()),
                urls.acsUrl(c.accountId()),
                urls.metadataUrl(c.accountId()),
                urls.base() + "/sso/login",
                warnings,
                c.updatedAt(),
                c.allowOtherEmailDomains());
    }
}
