package io.gatehouse.sso.domain;

import java.security.cert.X509Certificate;
import java.time.Instant;

/** An IdP certificate that passed {@link CertificateParser}. */
public record ParsedCertificate(
        X509Certificate certificate,
        String fingerprint,
        String pem,
        String subject,
        Instant notBefore,
        Instant notAfter) {}
