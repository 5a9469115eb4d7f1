package io.gatehouse.sso.rest;

import io.gatehouse.sso.config.SpUrls;
import io.gatehouse.sso.domain.IdpCertificate;
import io.gatehouse.sso.domain.SsoConnection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Maps a connection entity to its API view, with certificate expiry warnings at 60, 30 and 7 days. */
public final class ConnectionViews {
    private ConnectionViews() {
    }

    public static SsoConnectionView view(SsoConnection c, SpUrls urls, Instant now) {
        List<SsoConnectionView.CertificateView> certificates = certificates(c, now);
        List<String> warnings = new ArrayList<>();
        for (SsoConnectionView.CertificateView cert : certificates) {
            if (cert.expiryWarning() != null) {
                warnings.add("certificate " + cert.fingerprint().substring(0, 16) + "… "
                        + (cert.daysUntilExpiry() < 0 ? "has expired" : "expires in " + cert.daysUntilExpiry() + " days")
                        + " (" + cert.notAfter() + "): upload the new JumpCloud certificate alongside it");
            }
        }
        if (c.certificates.isEmpty()) {
            warnings.add("no IdP certificate: logins are refused until one is uploaded");
        }
        return new SsoConnectionView(c.accountId, c.enabled, c.idpEntityId, c.idpSsoUrl, certificates,
                c.defaultRole.name(), c.allowIdpInitiated, c.clockSkewSeconds, c.authnRequestBinding.name(),
                urls.spEntityId(c.accountId), urls.acsUrl(c.accountId), urls.metadataUrl(c.accountId),
                urls.base() + "/sso/login", warnings, c.updatedAt, c.allowOtherEmailDomains);
    }

    public static List<SsoConnectionView.CertificateView> certificates(SsoConnection c, Instant now) {
        List<SsoConnectionView.CertificateView> views = new ArrayList<>();
        for (IdpCertificate cert : c.certificates) {
            views.add(certificate(cert, now));
        }
        return views;
    }

    static SsoConnectionView.CertificateView certificate(IdpCertificate cert, Instant now) {
        long days = Duration.between(now, cert.notAfter).toDays();
        String warning = !now.isBefore(cert.notAfter) ? "EXPIRED"
                : days <= 7 ? "EXPIRES_WITHIN_7_DAYS"
                : days <= 30 ? "EXPIRES_WITHIN_30_DAYS"
                : days <= 60 ? "EXPIRES_WITHIN_60_DAYS" : null;
        return new SsoConnectionView.CertificateView(cert.fingerprint, cert.subject, cert.notBefore, cert.notAfter,
                !now.isBefore(cert.notAfter) ? -1 : days, warning, cert.pem);
    }
}
