package io.gatehouse.simulator.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Makes RSA-2048 key pairs with a self-signed X.509 certificate valid for one year, like JumpCloud's. */
@ApplicationScoped
public class SigningKeyFactory {

    static final Duration VALIDITY = Duration.ofDays(365);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SigningKeyFactory(Clock clock) {
        this.clock = clock;
    }

    public SigningKey create(String appName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, random);
            KeyPair pair = generator.generateKeyPair();
            Instant now = clock.instant();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "US")
                    .addRDN(BCStyle.ST, "Colorado")
                    .addRDN(BCStyle.L, "Boulder")
                    .addRDN(BCStyle.O, "JumpCloud")
                    .addRDN(BCStyle.OU, "JumpCloudIDP")
                    .addRDN(BCStyle.CN, "JumpCloud " + appName)
                    .build();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(63, random).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(VALIDITY)),
                    subject,
                    pair.getPublic());
            X509CertificateHolder holder =
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
            return new SigningKey(pair.getPrivate(), new JcaX509CertificateConverter().getCertificate(holder));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the signing key", e);
        }
    }
}
