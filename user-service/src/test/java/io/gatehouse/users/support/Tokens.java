package io.gatehouse.users.support;

import io.gatehouse.events.Role;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/** Bearer tokens for tests: the operator token, or account JWTs signed like sso-service's. */
public final class Tokens {
    private Tokens() {}

    public static String operator() {
        return AuthResource.OPERATOR_TOKEN;
    }

    public static String user(String accountId, String userId, Role role) {
        try {
            RsaJsonWebKey key =
                    (RsaJsonWebKey) JsonWebKey.Factory.newJwk(System.getProperty(AuthResource.PRIVATE_JWK_PROPERTY));
            JwtClaims claims = new JwtClaims();
            claims.setIssuer("gatehouse");
            claims.setAudience("user-service");
            claims.setSubject(userId);
            claims.setClaim("acc", accountId);
            claims.setClaim("role", role.name());
            claims.setClaim("email", userId + "@" + accountId + ".test");
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(10);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setKey(key.getPrivateKey());
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String admin(String accountId) {
        return user(accountId, "admin-of-" + accountId, Role.ADMIN);
    }
}
