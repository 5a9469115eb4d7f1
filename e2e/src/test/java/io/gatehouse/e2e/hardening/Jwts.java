package io.gatehouse.e2e.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Forged and altered account JWTs, the way an attacker would make them from a token they hold. */
final class Jwts {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder D64 = Base64.getUrlDecoder();

    private Jwts() {}

    static ObjectNode header(String jwt) {
        return parse(jwt.split("\\.")[0]);
    }

    static ObjectNode claims(String jwt) {
        return parse(jwt.split("\\.")[1]);
    }

    static Instant expiry(String jwt) {
        return Instant.ofEpochSecond(claims(jwt).get("exp").asLong());
    }

    /** The genuine signature kept, the claims changed (e.g. another account, a higher role). */
    static String tampered(String jwt, String claim, String value) {
        String[] parts = jwt.split("\\.");
        ObjectNode claims = claims(jwt);
        claims.put(claim, value);
        return parts[0] + "." + encode(claims) + "." + parts[2];
    }

    /** {@code alg: none} with the genuine claims and no signature. */
    static String algNone(String jwt) {
        ObjectNode header = Http.JSON.createObjectNode().put("alg", "none").put("typ", "JWT");
        return encode(header) + "." + encode(claims(jwt)) + ".";
    }

    /** HS256 keyed with the public JWKS document (the RS/HS key-confusion attack). */
    static String hmacWithPublicKey(String jwt, String jwks) {
        try {
            ObjectNode header = header(jwt).put("alg", "HS256");
            String input = encode(header) + "." + encode(claims(jwt));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(jwks.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** RS256 signed with the attacker's own key, claiming the real key id. */
    static String foreignKey(String jwt) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            PrivateKey key = g.generateKeyPair().getPrivate();
            String input = encode(header(jwt)) + "." + encode(claims(jwt));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode parse(String part) {
        try {
            JsonNode n = Http.JSON.readTree(D64.decode(part));
            return (ObjectNode) n;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(JsonNode node) {
        return B64.encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }
}
