package io.gatehouse.sso.domain;

import io.gatehouse.platform.domain.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an uploaded IdP certificate (PEM, or bare base64 DER as found in metadata) and refuses, with a precise
 * {@code certificate_invalid} detail: a private key, anything that is not one X.509 certificate, an RSA key
 * shorter than 2048 bits (EC shorter than 256), and an expired certificate.
 */
@ApplicationScoped
public class CertificateParser {
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");

    public ParsedCertificate parse(String text, Instant now) {
        if (text == null || text.isBlank()) {
            throw invalid("the certificate is empty");
        }
        if (text.contains("PRIVATE KEY")) {
            throw invalid("a private key was uploaded; upload only the IdP certificate (never the private key)");
        }
        String body;
        Matcher m = PEM.matcher(text);
        if (m.find()) {
            body = m.group(1);
            if (m.find()) {
                throw invalid("more than one certificate in one entry; send each certificate as its own entry");
            }
        } else if (text.contains("-----BEGIN")) {
            throw invalid("not a certificate: expected -----BEGIN CERTIFICATE-----");
        } else {
            body = text;
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw invalid("not a certificate: the PEM body is not base64");
        }
        X509Certificate certificate;
        try {
            certificate = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw invalid("not a certificate: it could not be read as X.509");
        }
        if (certificate.getPublicKey() instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw invalid("the RSA key has " + rsa.getModulus().bitLength() + " bits; at least 2048 are required");
            }
        } else if (certificate.getPublicKey() instanceof ECPublicKey ec) {
            if (ec.getParams().getOrder().bitLength() < 256) {
                throw invalid("the EC key is shorter than 256 bits");
            }
        } else {
            throw invalid("unsupported key type " + certificate.getPublicKey().getAlgorithm() + "; use RSA or EC");
        }
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (!now.isBefore(notAfter)) {
            throw invalid("the certificate expired on " + notAfter + "; download the current one from JumpCloud");
        }
        return new ParsedCertificate(
                certificate,
                fingerprint(certificate),
                pem(der),
                certificate.getSubjectX500Principal().getName(),
                certificate.getNotBefore().toInstant(),
                notAfter);
    }

    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static X509Certificate read(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException("stored certificate unreadable", e);
        }
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    private static DomainException invalid(String detail) {
        return DomainException.invalid("certificate_invalid", detail);
    }
}
