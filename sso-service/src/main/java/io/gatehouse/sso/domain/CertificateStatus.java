package io.gatehouse.sso.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A trusted IdP certificate as the admin and the Test Connection report see it. {@code expiryWarning}: null, or
 * EXPIRES_WITHIN_60_DAYS / 30 / 7, or EXPIRED. {@code pem} is the public IdP certificate itself, so the settings
 * page can send the list back unchanged on save.
 */
public record CertificateStatus(
        String fingerprint,
        String subject,
        Instant notBefore,
        Instant notAfter,
        long daysUntilExpiry,
        String expiryWarning,
        String pem) {

    public static List<CertificateStatus> all(SsoConnection c, Instant now) {
        List<CertificateStatus> statuses = new ArrayList<>();
        for (IdpCertificate cert : c.certificates()) {
            statuses.add(of(cert, now));
        }
        return statuses;
    }

    static CertificateStatus of(IdpCertificate cert, Instant now) {
        long days = Duration.between(now, cert.notAfter()).toDays();
        String warning = !now.isBefore(cert.notAfter())
                ? "EXPIRED"
                : days <= 7
                        ? "EXPIRES_WITHIN_7_DAYS"
                        : days <= 30 ? "EXPIRES_WITHIN_30_DAYS" : days <= 60 ? "EXPIRES_WITHIN_60_DAYS" : null;
        return new CertificateStatus(
                cert.fingerprint(),
                cert.subject(),
                cert.notBefore(),
                cert.notAfter(),
                !now.isBefore(cert.notAfter()) ? -1 : days,
                warning,
                cert.pem());
    }
}
