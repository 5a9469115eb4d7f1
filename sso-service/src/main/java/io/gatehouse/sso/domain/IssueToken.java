package io.gatehouse.sso.domain;

import io.gatehouse.platform.PlatformConfig;
import io.gatehouse.platform.problem.ApiException;
import io.gatehouse.sso.config.SsoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Issues a short-lived RS256 account JWT for a session: iss {@code gatehouse}, aud {@code gatehouse-api}, sub =
 * userId, acc, role, email, exp ≤ 10 minutes — the claims platform's {@code Caller} verifies.
 */
@ApplicationScoped
public class IssueToken {
    /** The longest an account JWT lives, whatever {@code gatehouse.sso.jwt.ttl} says. */
    static final Duration MAX_TTL = Duration.ofMinutes(10);

    private final JwtKeys keys;
    private final PlatformConfig platform;
    private final SsoConfig config;
    private final Clock clock;

    public IssueToken(JwtKeys keys, PlatformConfig platform, SsoConfig config, Clock clock) {
        this.keys = keys;
        this.platform = platform;
        this.config = config;
        this.clock = clock;
    }

    public record Token(String token, Instant expiresAt) {
    }

    public Token forSession(Session session) {
        if (session.userId == null) {
            throw ApiException.conflict("user_not_provisioned",
                    "your user is still being created; try again in a few seconds");
        }
        Instant now = clock.instant();
        Duration ttl = config.jwt().ttl().compareTo(MAX_TTL) > 0 ? MAX_TTL : config.jwt().ttl();
        Instant exp = now.plus(ttl);
        if (exp.isAfter(session.absoluteExpiresAt)) {
            exp = session.absoluteExpiresAt;
        }
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(platform.auth().issuer());
        claims.setAudience(platform.auth().audience());
        claims.setSubject(session.userId);
        claims.setClaim("acc", session.accountId);
        claims.setClaim("role", session.role.name());
        claims.setClaim("email", session.email);
        claims.setIssuedAt(NumericDate.fromMilliseconds(now.toEpochMilli()));
        claims.setExpirationTime(NumericDate.fromMilliseconds(exp.toEpochMilli()));
        claims.setGeneratedJwtId();
        JwtKeys.Signer signer = keys.signer();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signer.key());
        jws.setKeyIdHeaderValue(signer.kid());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return new Token(jws.getCompactSerialization(), exp);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
