package io.gatehouse.sso.saml;

import io.gatehouse.sso.saml.validation.TrustedCertificate;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.opensaml.security.x509.BasicX509Credential;

/** A test signing key pair with a self-signed certificate, generated in the test (never checked in). */
public record TestKeys(KeyPair keyPair, X509Certificate certificate) {

    private static final Instant BASE = Instant.parse("2020-01-01T00:00:00Z");
    private static TestKeys idp;
    private static TestKeys attacker;
    private static TestKeys other;

    /** The IdP's key of the default test account (valid 2020–2040). */
    public static synchronized TestKeys idp() {
        if (idp == null) {
            idp = generate("CN=JumpCloud test IdP", BASE, BASE.plus(Duration.ofDays(7300)));
        }
        return idp;
    }

    /** A key an attacker controls. */
    public static synchronized TestKeys attacker() {
        if (attacker == null) {
            attacker = generate("CN=attacker", BASE, BASE.plus(Duration.ofDays(7300)));
        }
        return attacker;
    }

    /** The IdP key of another account. */
    public static synchronized TestKeys otherAccount() {
        if (other == null) {
            other = generate("CN=other account IdP", BASE, BASE.plus(Duration.ofDays(7300)));
        }
        return other;
    }

    public static TestKeys generate(String subject, Instant notBefore, Instant notAfter) {
        return generate(subject, notBefore, notAfter, 2048);
    }

    public static TestKeys generate(String subject, Instant notBefore, Instant notAfter, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name(subject);
            var builder = new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.valueOf(System.nanoTime()),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    name,
                    pair.getPublic());
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new TestKeys(pair, certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public BasicX509Credential credential() {
        BasicX509Credential credential = new BasicX509Credential(certificate, keyPair.getPrivate());
        return credential;
    }

    public TrustedCertificate trusted() {
        return new TrustedCertificate(certificate, fingerprint());
    }

    public String fingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String pem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String privateKeyPem() {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(keyPair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
