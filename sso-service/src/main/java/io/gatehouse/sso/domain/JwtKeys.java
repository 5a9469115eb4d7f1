package io.gatehouse.sso.domain;

import io.gatehouse.platform.auth.VerificationKeys;
import io.gatehouse.sso.config.SsoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The RS256 keys of account JWTs, kept in PostgreSQL so every replica signs with the same key and publishes the
 * same JWKS. The private key is AES-GCM encrypted with {@code gatehouse.sso.jwt.key-encryption-key}. Rotation adds
 * a new key and retires the old one, whose public half stays in the JWKS for the retention period. This bean is
 * also the {@link VerificationKeys} of platform's {@code Caller}, so sso-service verifies against its local keys.
 */
@ApplicationScoped
public class JwtKeys implements VerificationKeys {
    private final SigningKeyRepository keys;
    private final SsoConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Cached cached;

    private record Cached(Instant loadedAt, String kid, PrivateKey signingKey, List<JsonWebKey> published) {
    }

    public JwtKeys(SigningKeyRepository keys, SsoConfig config, Clock clock) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    public record Signer(String kid, PrivateKey key) {
    }

    public Signer signer() {
        Cached c = current();
        return new Signer(c.kid(), c.signingKey());
    }

    public String jwksJson() {
        return new JsonWebKeySet(current().published()).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    @Override
    public VerificationKeyResolver resolver() {
        return new JwksVerificationKeyResolver(current().published());
    }

    /** Creates a new signing key and retires the previous ones (they stay published for the retention). */
    @Transactional
    public String rotate() {
        Instant now = clock.instant();
        keys.update("retiredAt = ?1 where retiredAt is null", now);
        String kid = create(now);
        cached = null;
        return kid;
    }

    private Cached current() {
        Cached c = cached;
        if (c == null || Duration.between(c.loadedAt(), clock.instant()).compareTo(Duration.ofSeconds(30)) > 0) {
            c = load();
            cached = c;
        }
        return c;
    }

    @Transactional
    Cached load() {
        Instant now = clock.instant();
        List<SigningKey> published = keys.published(now.minus(config.jwt().retiredKeyRetention()));
        SigningKey active = published.stream().filter(k -> k.retiredAt == null).findFirst().orElse(null);
        if (active == null) {
            // serialise first-key creation across replicas
            keys.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(77310001)").getSingleResult();
            published = keys.published(now.minus(config.jwt().retiredKeyRetention()));
            active = published.stream().filter(k -> k.retiredAt == null).findFirst().orElse(null);
            if (active == null) {
                create(now);
                published = keys.published(now.minus(config.jwt().retiredKeyRetention()));
                active = published.stream().filter(k -> k.retiredAt == null).findFirst().orElseThrow();
            }
        }
        try {
            List<JsonWebKey> jwks = new ArrayList<>();
            for (SigningKey k : published) {
                jwks.add(PublicJsonWebKey.Factory.newPublicJwk(k.publicJwk));
            }
            RsaJsonWebKey full = (RsaJsonWebKey) PublicJsonWebKey.Factory.newPublicJwk(decrypt(active.privateEncrypted));
            return new Cached(now, active.kid, full.getPrivateKey(), jwks);
        } catch (JoseException e) {
            throw new IllegalStateException("stored JWT key unreadable", e);
        }
    }

    private String create(Instant now) {
        try {
            RsaJsonWebKey jwk = RsaJwkGenerator.generateJwk(2048);
            jwk.setKeyId(Tokens.random(12));
            jwk.setAlgorithm("RS256");
            jwk.setUse("sig");
            SigningKey key = new SigningKey();
            key.kid = jwk.getKeyId();
            key.publicJwk = jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            key.privateEncrypted = encrypt(jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            key.createdAt = now;
            keys.persist(key);
            keys.flush();
            return key.kid;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private SecretKeySpec kek() {
        String configured = config.jwt().keyEncryptionKey()
                .orElseThrow(() -> new IllegalStateException("gatehouse.sso.jwt.key-encryption-key is not configured"));
        byte[] key = Base64.getDecoder().decode(configured.trim());
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalStateException("gatehouse.sso.jwt.key-encryption-key must be 16, 24 or 32 bytes (base64)");
        }
        return new SecretKeySpec(key, "AES");
    }

    private String encrypt(String plain) {
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek(), new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (Exception e) {
            throw new IllegalStateException("cannot encrypt the JWT key", e);
        }
    }

    private String decrypt(String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek(), new GCMParameterSpec(128, all, 0, 12));
            return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException("cannot decrypt the JWT key (wrong key-encryption-key?)", e);
        }
    }
}
