package io.gatehouse.platform;

import io.gatehouse.platform.auth.VerificationKeys;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;

/** A key pair standing in for sso-service's, so tests can mint account JWTs. */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestKeys implements VerificationKeys {
    static final RsaJsonWebKey KEY;
    static final RsaJsonWebKey OTHER_KEY;

    static {
        try {
            KEY = RsaJwkGenerator.generateJwk(2048);
            KEY.setKeyId("test-1");
            OTHER_KEY = RsaJwkGenerator.generateJwk(2048);
            OTHER_KEY.setKeyId("test-1");
        } catch (JoseException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public VerificationKeyResolver resolver() {
        return new JwksVerificationKeyResolver(new JsonWebKeySet(KEY).getJsonWebKeys());
    }

    static String jwt(RsaJsonWebKey key, String account, String role, long expiresInSeconds, String alg) {
        return jwt(key, account, "u-1", role, java.time.Instant.now(), expiresInSeconds, alg);
    }

    static String jwt(
            RsaJsonWebKey key,
            String account,
            String subject,
            String role,
            java.time.Instant issuedAt,
            long expiresInSeconds,
            String alg) {
        return jwt(key, "platform-test", account, subject, role, issuedAt, expiresInSeconds, alg);
    }

    /** A JWT for {@code audience} (the test application's own is its service name, {@code platform-test}). */
    static String jwt(
            RsaJsonWebKey key,
            String audience,
            String account,
            String subject,
            String role,
            java.time.Instant issuedAt,
            long expiresInSeconds,
            String alg) {
        try {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer("gatehouse");
            claims.setAudience(audience);
            claims.setSubject(subject);
            claims.setClaim("acc", account);
            claims.setClaim("role", role);
            claims.setClaim("email", "ada@acme.test");
            claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromMilliseconds(issuedAt.toEpochMilli()));
            claims.setExpirationTimeMinutesInTheFuture(expiresInSeconds / 60f);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(alg);
            if (AlgorithmIdentifiers.NONE.equals(alg)) {
                jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
            } else {
                jws.setKey(key.getPrivateKey());
            }
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
