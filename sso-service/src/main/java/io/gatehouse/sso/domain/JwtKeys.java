package io.gatehouse.sso.domain;

import io.gatehouse.platform.auth.VerificationKeys;
import io.gatehouse.platform.crypto.SecretCipher;
import io.gatehouse.sso.config.SsoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * The RS256 keys of account JWTs, kept in PostgreSQL so every replica signs with the same key and publishes the
 * same JWKS. The private key is AES-GCM encrypted with {@code gatehouse.sso.jwt.key-encryption-key} ({@link #cipher()}). Each key is
 * published from its creation, signs from {@code activatesAt} until {@code retiredAt} (its successor's activation),
 * and leaves the JWKS {@link #retention()} after that. Which key signs and which are published is decided at each
 * call from the cached key list and the clock, so replicas switch signer at the same instant; the list is re-read
 * every {@link #REFRESH} (rotation: {@link RotateSigningKey}). This bean is also the {@link VerificationKeys} of
 * platform's {@code Caller}, so sso-service verifies against its local keys.
 */
@ApplicationScoped
public class JwtKeys implements VerificationKeys {
    /** How often a replica re-reads the key list. */
    static final Duration REFRESH = Duration.ofSeconds(30);
    /** The clock skew platform's {@code Caller} allows when checking {@code exp} by default ({@code gatehouse.auth.clock-skew}). */
    static final Duration VERIFIER_SKEW = Duration.ofSeconds(30);

    private final SigningKeyRepository keys;
    private final SsoConfig config;
    private final Clock clock;
    private volatile SecretCipher cipher;
    private volatile Cached cached;

    /** One stored key; {@code privateKey} is null for a key that no longer signs. */
    private record Loaded(
            String kid, Instant activatesAt, Instant retiredAt, JsonWebKey publicJwk, PrivateKey privateKey) {
        boolean signsAt(Instant t) {
            return privateKey != null && !activatesAt.isAfter(t) && (retiredAt == null || t.isBefore(retiredAt));
        }
    }

    private record Cached(long loadedAtNanos, List<Loaded> keys) {}

    public JwtKeys(SigningKeyRepository keys, SsoConfig config, Clock clock) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    public record Signer(String kid, PrivateKey key) {}

    public Signer signer() {
        // the instant is taken after the list is (re)loaded: a first key is created active at the load's instant
        Optional<Loaded> signer = signerAt(current(), clock.instant());
        if (signer.isEmpty()) {
            // no key signs now (first start, or the list is older than an activation): read it again, creating
            // a first key when there is none
            cached = null;
            signer = signerAt(current(), clock.instant());
        }
        Loaded k = signer.orElseThrow(() -> new IllegalStateException("no JWT signing key is active"));
        return new Signer(k.kid(), k.privateKey());
    }

    public String jwksJson() {
        return new JsonWebKeySet(publishedAt(clock.instant())).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    @Override
    public VerificationKeyResolver resolver() {
        return new JwksVerificationKeyResolver(publishedAt(clock.instant()));
    }

    /**
     * How long a key stays published after it stopped signing: until the last token it signed has expired (at
     * most 10 minutes), plus one key-list refresh (a replica may learn of a rotation that late when the activation
     * delay is shorter) and the verifiers' clock skew — or the configured retention when that is longer.
     */
    public Duration retention() {
        Duration floor = IssueToken.MAX_TTL.plus(REFRESH).plus(VERIFIER_SKEW);
        Duration configured = config.jwt().retiredKeyRetention();
        return configured.compareTo(floor) > 0 ? configured : floor;
    }

    /** Drops the cached key list; the next call reads the database (after a change made by this replica). */
    public void reload() {
        cached = null;
    }

    private static Optional<Loaded> signerAt(Cached c, Instant t) {
        return c.keys().stream().filter(k -> k.signsAt(t)).max(Comparator.comparing(Loaded::activatesAt));
    }

    private List<JsonWebKey> publishedAt(Instant t) {
        Duration retention = retention();
        return current().keys().stream()
                .filter(k -> k.retiredAt() == null || t.isBefore(k.retiredAt().plus(retention)))
                .map(Loaded::publicJwk)
                .toList();
    }

    private Cached current() {
        Cached c = cached;
        if (c == null || System.nanoTime() - c.loadedAtNanos() > REFRESH.toNanos()) {
            c = load();
            cached = c;
        }
        return c;
    }

    @Transactional
    Cached load() {
        long loadedAt = System.nanoTime();
        Instant now = clock.instant();
        Instant since = now.minus(retention());
        List<SigningKey> published = keys.published(since);
        if (published.stream().noneMatch(k -> k.signsAt(now))) {
            // no key signs now: serialise first-key creation across replicas
            keys.lock();
            published = keys.published(since);
            if (published.stream().noneMatch(k -> k.signsAt(now))) {
                create(now, now);
                published = keys.published(since);
            }
        }
        try {
            List<Loaded> loaded = new ArrayList<>();
            for (SigningKey k : published) {
                PrivateKey privateKey = null;
                if (k.retiredAt() == null || now.isBefore(k.retiredAt())) {
                    RsaJsonWebKey full = (RsaJsonWebKey)
                            PublicJsonWebKey.Factory.newPublicJwk(decrypt(k.kid(), k.privateEncrypted()));
                    privateKey = full.getPrivateKey();
                }
                loaded.add(new Loaded(
                        k.kid(),
                        k.activatesAt(),
                        k.retiredAt(),
                        PublicJsonWebKey.Factory.newPublicJwk(k.publicJwk()),
                        privateKey));
            }
            return new Cached(loadedAt, List.copyOf(loaded));
        } catch (JoseException e) {
            throw new IllegalStateException("stored JWT key unreadable", e);
        }
    }

    /** A new key, published from now, signing from {@code activatesAt}; call inside a transaction holding the lock. */
    SigningKey create(Instant now, Instant activatesAt) {
        try {
            RsaJsonWebKey jwk = RsaJwkGenerator.generateJwk(2048);
            jwk.setKeyId(Tokens.random(12));
            jwk.setAlgorithm("RS256");
            jwk.setUse("sig");
            SigningKey key = SigningKey.create(
                    jwk.getKeyId(),
                    jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY),
                    encrypt(jwk.getKeyId(), jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)),
                    now,
                    activatesAt);
            keys.persist(key);
            keys.flush();
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The private keys' cipher (platform's {@link SecretCipher}, AES-GCM with a key id; the key's {@code kid} as
     * context), built at first use: {@code key-encryption-key} is one key or a key ring ({@code id:base64,…}).
     * Keys stored before key ids existed (nonce and sealed bytes only) still open.
     */
    private SecretCipher cipher() {
        SecretCipher c = cipher;
        if (c == null) {
            c = SecretCipher.fromConfig(
                    "gatehouse.sso.jwt.key-encryption-key",
                    config.jwt().keyEncryptionKey().orElse(null),
                    16,
                    SecretCipher.Legacy.UNVERSIONED);
            cipher = c;
        }
        return c;
    }

    private String encrypt(String kid, String plain) {
        return Base64.getEncoder().encodeToString(cipher().encrypt(kid, plain));
    }

    private String decrypt(String kid, String stored) {
        try {
            return cipher().decryptString(kid, Base64.getDecoder().decode(stored));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException("cannot decrypt the JWT key " + kid + " (wrong key-encryption-key?)", e);
        }
    }
}
