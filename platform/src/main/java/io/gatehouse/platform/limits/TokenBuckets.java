package io.gatehouse.platform.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Bucket4j token buckets, one per (endpoint class, client address) and one per (endpoint class, account), held in
 * two bounded Caffeine maps. A bucket idle for the longest window has refilled completely, so it is evicted after
 * that without changing any answer; each map also holds at most {@code maxKeys} buckets (Caffeine's frequency
 * based eviction keeps the busy ones). Address keys and account keys live in separate maps, so a flood of new
 * addresses cannot evict the account buckets. Lock-free: safe on the event loop.
 */
public final class TokenBuckets {
    /** The answer for one request; {@code retryAfterSeconds} (at least 1) and {@code exceeded} when refused. */
    public record Decision(boolean allowed, long retryAfterSeconds, String exceeded) {
        static final Decision ALLOWED = new Decision(true, 0, null);
    }

    private final Map<EndpointClass, Limit> limits;
    private final TimeMeter time;
    private final Cache<String, Bucket> addresses;
    private final Cache<String, Bucket> accounts;

    public TokenBuckets(Map<EndpointClass, Limit> limits, long maxKeys, Clock clock) {
        this.limits = new EnumMap<>(limits);
        this.time = new ClockTime(clock);
        Duration idle = this.limits.values().stream()
                .map(Limit::window)
                .max(Duration::compareTo)
                .orElse(Duration.ofMinutes(1));
        this.addresses = cache(maxKeys, idle, clock);
        this.accounts = cache(maxKeys, idle, clock);
    }

    /** Takes one token from the address bucket, then (when an account is named) from the account bucket. */
    public Decision tryAcquire(EndpointClass endpoint, String address, String account) {
        Limit limit = limits.get(endpoint);
        if (address != null) {
            Decision d =
                    take(addresses, endpoint.name() + '|' + address, limit.perAddress(), limit.window(), "address");
            if (!d.allowed()) {
                return d;
            }
        }
        if (account != null) {
            return take(accounts, endpoint.name() + '|' + account, limit.perAccount(), limit.window(), "account");
        }
        return Decision.ALLOWED;
    }

    /** Takes one token from the account bucket only (the address was already counted by the filter). */
    public Decision tryAcquireAccount(EndpointClass endpoint, String account) {
        return tryAcquire(endpoint, null, account);
    }

    /** Buckets held right now (addresses + accounts), for tests and the gauge. */
    public long size() {
        addresses.cleanUp();
        accounts.cleanUp();
        return addresses.estimatedSize() + accounts.estimatedSize();
    }

    private Decision take(Cache<String, Bucket> cache, String key, int capacity, Duration window, String kind) {
        Bucket bucket = cache.get(
                key,
                k -> Bucket.builder()
                        .addLimit(l -> l.capacity(capacity).refillGreedy(capacity, window))
                        .withCustomTimePrecision(time)
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Decision.ALLOWED;
        }
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        return new Decision(false, seconds, kind);
    }

    private static Cache<String, Bucket> cache(long maxKeys, Duration idle, Clock clock) {
        return Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(idle)
                .ticker(() -> nanos(clock.instant()))
                .executor(Runnable::run)
                .build();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Bucket4j's time source from the injectable {@link Clock}. */
    private record ClockTime(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            return nanos(clock.instant());
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
