package io.gatehouse.sso.domain;

import io.gatehouse.platform.PlatformConfig;
import io.gatehouse.platform.auth.Caller;
import io.gatehouse.platform.auth.RevokedTokens;
import io.gatehouse.platform.domain.DomainException;
import io.gatehouse.sso.config.SsoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Issues a short-lived RS256 account JWT for a session: iss {@code gatehouse}, aud (one service's audience, or all
 * three for a general API token: ADR 0003), sub = userId, acc, role, email, exp ≤ 10 minutes — the claims platform's
 * {@code Caller} verifies. Mints nothing for a user the revocation feed knows as revoked, nor while the feed knows
 * a newer role than the session's (the token would be refused everywhere).
 */
@ApplicationScoped
public class IssueToken {
    /** The longest an account JWT lives, whatever {@code gatehouse.sso.jwt.ttl} says. */
    static final Duration MAX_TTL = Duration.ofMinutes(10);

    private final JwtKeys keys;
    private final PlatformConfig platform;
    private final SsoConfig config;
    private final Clock clock;
    private final RevokedTokens feed;

    public IssueToken(JwtKeys keys, PlatformConfig platform, SsoConfig config, Clock clock, RevokedTokens feed) {
        this.keys = keys;
        this.platform = platform;
        this.config = config;
        this.clock = clock;
        this.feed = feed;
    }

    /** The audiences of the three services' APIs: user-service, directory-service, this service. */
    public List<String> apiAudiences() {
        return List.of(
                config.jwt().audiences().users(), config.jwt().audiences().directory(), Caller.audience(platform));
    }

    /** A general API token: accepted by each of the three services. */
    public Token forSession(Session session) {
        return forSession(session, apiAudiences());
    }

    public record Token(String token, Instant expiresAt) {}

    /** A token for exactly these audiences (the console proxy: the one upstream it calls). */
    public Token forSession(Session session, List<String> audiences) {
        if (session.userId() == null) {
            throw DomainException.conflict(
                    "user_not_provisioned", "your user is still being created; try again in a few seconds");
        }
        if (feed.isRevoked(session.accountId(), session.userId())) {
            throw DomainException.unauthenticated(
                    "user_revoked", "your access was revoked; sign in again once it is restored");
        }
        if (feed.knownRole(session.accountId(), session.userId())
                .filter(r -> r != session.role())
                .isPresent()) {
            throw DomainException.conflict("role_changing", "your role is changing; try again in a few seconds");
        }
        Instant now = clock.instant();
        Duration ttl = config.jwt().ttl().compareTo(MAX_TTL) > 0
                ? MAX_TTL
                : config.jwt().ttl();
        Instant exp = now.plus(ttl);
        if (exp.isAfter(session.absoluteExpiresAt())) {
            exp = session.absoluteExpiresAt();
        }
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(platform.auth().issuer());
        if (audiences.size() == 1) {
            claims.setAudience(audiences.get(0));
        } else {
            claims.setAudience(audiences);
        }
        claims.setSubject(session.userId());
        claims.setClaim("acc", session.accountId());
        claims.setClaim("role", session.role().name());
        claims.setClaim("email", session.email());
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
