package io.gatehouse.sso.domain;

import io.gatehouse.sso.config.SsoConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Rotates the JWT signing key: on the operator's request, and on schedule once the signer has signed for
 * {@code gatehouse.sso.jwt.rotation-interval}. The new key is published at once and signs from {@code now +
 * activation-delay}; the signer it replaces stops then and stays in the JWKS for {@link JwtKeys#retention()}, after
 * which its row is deleted. Every replica runs the schedule; a PostgreSQL advisory lock held for the transaction
 * makes them take turns, and the second finds the key the first made, so one rotation happens.
 */
@ApplicationScoped
public class RotateSigningKey {
    private static final Logger LOG = Logger.getLogger(RotateSigningKey.class);

    public enum Status {
        PENDING,
        ACTIVE,
        RETIRED
    }

    /** A key as the operator sees it (never private material). */
    public record KeyView(
            String kid,
            Status status,
            Instant createdAt,
            Instant activatesAt,
            Instant retiredAt,
            Instant publishedUntil) {}

    /** The key that signs next, and whether this call created it. */
    public record Rotation(KeyView next, boolean created) {}

    private final SigningKeyRepository keys;
    private final JwtKeys jwtKeys;
    private final SsoConfig config;
    private final Clock clock;

    public RotateSigningKey(SigningKeyRepository keys, JwtKeys jwtKeys, SsoConfig config, Clock clock) {
        this.keys = keys;
        this.jwtKeys = jwtKeys;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The operator's rotation: a new key signing after the activation delay. When a rotation is already waiting
     * for its activation, that key is answered instead of a second one.
     */
    @Transactional
    public Rotation rotateNow() {
        keys.lock();
        Instant now = clock.instant();
        Optional<SigningKey> newest = keys.newest();
        if (newest.isPresent() && newest.get().activatesAt().isAfter(now)) {
            return new Rotation(view(newest.get(), now), false);
        }
        return new Rotation(view(rotate(now), now), true);
    }

    @Scheduled(
            every = "${gatehouse.sso.jwt.rotation-check:60s}",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        rotateIfDue();
    }

    /** Rotates when the signer has signed for the rotation interval; deletes keys past their retention. */
    @Transactional
    public Optional<KeyView> rotateIfDue() {
        keys.lock();
        Instant now = clock.instant();
        long deleted = keys.deleteRetired(now.minus(jwtKeys.retention()));
        if (deleted > 0) {
            LOG.infof("JWT signing keys retired and removed from the JWKS: %d", deleted);
        }
        Optional<SigningKey> newest = keys.newest();
        if (newest.isEmpty()
                || newest.get().activatesAt().isAfter(now)
                || newest.get()
                        .activatesAt()
                        .plus(config.jwt().rotationInterval())
                        .isAfter(now)) {
            return Optional.empty(); // no key yet (made on first use), a rotation under way, or not due
        }
        return Optional.of(view(rotate(now), now));
    }

    /** Every stored key, newest first. */
    @Transactional
    public List<KeyView> list() {
        Instant now = clock.instant();
        return keys.list("order by activatesAt desc, createdAt desc").stream()
                .map(k -> view(k, now))
                .toList();
    }

    private SigningKey rotate(Instant now) {
        Instant activatesAt = now.plus(nonNegative(config.jwt().activationDelay()));
        keys.retireSigners(activatesAt);
        SigningKey key = jwtKeys.create(now, activatesAt);
        jwtKeys.reload();
        LOG.infof("JWT signing key %s created; it signs from %s", key.kid(), activatesAt);
        return key;
    }

    private KeyView view(SigningKey k, Instant now) {
        Status status = k.activatesAt().isAfter(now)
                ? Status.PENDING
                : k.retiredAt() == null || now.isBefore(k.retiredAt()) ? Status.ACTIVE : Status.RETIRED;
        return new KeyView(
                k.kid(),
                status,
                k.createdAt(),
                k.activatesAt(),
                k.retiredAt(),
                k.retiredAt() == null ? null : k.retiredAt().plus(jwtKeys.retention()));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
