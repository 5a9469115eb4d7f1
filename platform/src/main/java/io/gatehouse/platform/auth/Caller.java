package io.gatehouse.platform.auth;

import io.gatehouse.events.Role;
import io.gatehouse.platform.PlatformConfig;
import io.gatehouse.platform.problem.ApiException;
import jakarta.enterprise.context.RequestScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Who is calling: the platform operator (bearer = the operator token), a user of an account (an RS256 account
 * JWT issued by sso-service), or nobody. The bearer is read by {@link BearerAuthFilter} and verified lazily, at
 * the first {@code require…} call, so endpoints with their own authentication (SCIM) are not affected.
 */
@RequestScoped
public class Caller {
    private final PlatformConfig config;
    private final VerificationKeys keys;
    private final RevokedTokens revoked;
    private String bearer;
    private RevokedTokens.Verdict refusal;
    private boolean resolved;
    private Identity identity;

    public Caller(PlatformConfig config, VerificationKeys keys, RevokedTokens revoked) {
        this.config = config;
        this.keys = keys;
        this.revoked = revoked;
    }

    /** The verified identity of a caller. {@code accountId}, {@code userId}, {@code role} are null for the operator. */
    public record Identity(boolean operator, String accountId, String userId, String email, Role role) {}

    void bearer(String token) {
        this.bearer = token;
        this.resolved = false;
        this.refusal = null;
    }

    /** The verified caller, if the request carried a valid operator token or account JWT. */
    public Optional<Identity> identity() {
        if (!resolved) {
            identity = resolve();
            resolved = true;
        }
        return Optional.ofNullable(identity);
    }

    public boolean isOperator() {
        return identity().map(Identity::operator).orElse(false);
    }

    public Identity requireAuthenticated() {
        return identity().orElseThrow(() -> {
            if (refusal == RevokedTokens.Verdict.REVOKED) {
                return new ApiException(401, "token_revoked", "the token's user has had their access revoked");
            }
            if (refusal == RevokedTokens.Verdict.STALE) {
                return new ApiException(
                        401,
                        "token_stale",
                        "the token was issued before its user's role or access changed; get a new one");
            }
            return ApiException.unauthorized("a valid bearer token is required");
        });
    }

    public Identity requireOperator() {
        Identity id = requireAuthenticated();
        if (!id.operator()) {
            throw ApiException.forbidden("only the platform operator may do this");
        }
        return id;
    }

    /** The operator, or any user of this account. */
    public Identity requireAccountMember(String accountId) {
        Identity id = requireAuthenticated();
        if (!id.operator() && !id.accountId().equals(accountId)) {
            throw ApiException.forbidden("the token is for another account");
        }
        return id;
    }

    /** The operator, or an ADMIN or OWNER of this account. */
    public Identity requireAccountAdmin(String accountId) {
        Identity id = requireAccountMember(accountId);
        if (!id.operator() && id.role() != Role.ADMIN && id.role() != Role.OWNER) {
            throw ApiException.forbidden("an account admin is required");
        }
        return id;
    }

    /** "operator" or the user id, for audit trails. */
    public String actor() {
        return identity()
                .map(i -> i.operator() ? "operator" : "user:" + i.userId())
                .orElse("anonymous");
    }

    private Identity resolve() {
        if (bearer == null || bearer.isEmpty()) {
            return null;
        }
        Optional<String> operatorToken = config.operatorToken().filter(t -> !t.isBlank());
        if (operatorToken.isPresent()
                && MessageDigest.isEqual(
                        operatorToken.get().getBytes(StandardCharsets.UTF_8),
                        bearer.getBytes(StandardCharsets.UTF_8))) {
            return new Identity(true, null, null, null, null);
        }
        if (bearer.chars().filter(ch -> ch == '.').count() != 2) {
            return null;
        }
        try {
            JwtClaims claims = consumer().processToClaims(bearer);
            String account = claims.getClaimValueAsString("acc");
            String roleName = claims.getClaimValueAsString("role");
            if (account == null || roleName == null || claims.getSubject() == null) {
                return null;
            }
            Role role = Role.valueOf(roleName);
            Instant issuedAt = claims.getIssuedAt() == null
                    ? null
                    : Instant.ofEpochMilli(claims.getIssuedAt().getValueInMillis());
            RevokedTokens.Verdict verdict = revoked.check(account, claims.getSubject(), issuedAt, role);
            if (verdict != RevokedTokens.Verdict.ACCEPTED) {
                refusal = verdict;
                return null;
            }
            return new Identity(false, account, claims.getSubject(), claims.getClaimValueAsString("email"), role);
        } catch (InvalidJwtException | MalformedClaimException | IllegalArgumentException e) {
            return null;
        } catch (RuntimeException e) {
            // key source unreachable: the token cannot be verified, so it is not accepted
            return null;
        }
    }

    /** The audience an account JWT must name to be accepted by this service: configured, or the service name. */
    public static String audience(PlatformConfig config) {
        return config.auth().audience().filter(a -> !a.isBlank()).orElse(config.serviceName());
    }

    private JwtConsumer consumer() {
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds((int)
                        Math.min(Integer.MAX_VALUE, config.auth().clockSkew().toSeconds()))
                .setMaxFutureValidityInMinutes(60)
                .setExpectedIssuer(config.auth().issuer())
                .setExpectedAudience(audience(config))
                .setVerificationKeyResolver(keys.resolver())
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .build();
    }
}
