package io.gatehouse.platform.auth;

import io.gatehouse.events.CloudEventHeaders;
import io.gatehouse.events.EventJson;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.Role;
import io.gatehouse.events.Topics;
import io.gatehouse.events.UserRestored;
import io.gatehouse.events.UserRevoked;
import io.gatehouse.events.UserRoleChanged;
import io.gatehouse.platform.PlatformConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Account JWTs are stateless and short-lived (≤ 10 minutes); this closes the windows in which a user's
 * already-issued token would still be honoured after their access changed. Every replica of every service follows
 * {@link Topics#USERS} with its own group-less consumer (assigned all partitions, nothing committed), starting at
 * the events of the last {@code gatehouse.auth.revocation.lookback}, and keeps per "account:user":
 * <ul>
 *   <li>{@code UserRevoked}: the user is revoked — every token of theirs is refused, whatever its {@code iat}
 *       (a token sso-service minted before it learnt of the revocation included) — until a later
 *       {@code UserRestored}. A revoked entry is never evicted while the process runs.</li>
 *   <li>{@code UserRestored} and a {@code UserRoleChanged} that changes the role: a cut-off — tokens issued in an
 *       earlier second than the event are refused, and so is any token whose {@code role} claim is not the user's
 *       role as of the event (a token minted from a session whose role had not caught up yet).</li>
 * </ul>
 * Events of one user share a key, so they arrive in order. {@link #ready()} is false until the feed has read up to
 * the end offsets it saw at start-up, and whenever it is behind the end its last fetch responses reported (until a
 * partition has had one, the end offsets it asks for every {@code readiness-interval}): a service that cannot know
 * of a revocation must not take traffic.
 */
@ApplicationScoped
public class RevokedTokens {
    private static final Logger LOG = Logger.getLogger(RevokedTokens.class);
    /** The feed's lag in records (alert {@code GatehouseRevocationFeedBehind}). */
    public static final String LAG_METRIC = "gatehouse.auth.revocation_feed.lag";

    /** Why a token is refused. */
    public enum Verdict {
        ACCEPTED,
        /** The user is revoked (until a later restore). */
        REVOKED,
        /** Issued before the user's last role change or restore, or carrying a role they no longer have. */
        STALE
    }

    /** What the feed knows about one user: revoked or not, the latest cut-off and the role as of that cut-off. */
    record UserState(boolean revoked, Instant cutoff, Role role) {}

    private final PlatformConfig config;
    private final Map<String, Object> kafka;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private static final Set<String> TYPES = Set.of(UserRevoked.TYPE, UserRestored.TYPE, UserRoleChanged.TYPE);
    private static final Duration EVICTION_INTERVAL = Duration.ofSeconds(10);
    private static final Duration MAX_IDLE_POLL = Duration.ofSeconds(5);

    private final Map<String, UserState> users = new ConcurrentHashMap<>();
    private Instant lastEviction;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile boolean behind;
    /**
     * Records between this replica's position and each partition's end as its last fetch responses reported it
     * (before the first response: the end offsets asked for), over all partitions.
     */
    private final AtomicLong lag = new AtomicLong();

    private Thread thread;

    /**
     * @param kafka every {@code kafka.*} property of the service (Quarkus's {@code default-kafka-broker}
     *              configuration: bootstrap servers, TLS, SASL), the same every channel starts from
     */
    public RevokedTokens(
            PlatformConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            MeterRegistry meters) {
        this.config = config;
        this.kafka = kafka;
        this.meters = meters;
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.auth().revocation().enabled()) {
            return;
        }
        running = true;
        meters.gauge(
                "gatehouse.auth.revoked.users",
                List.of(),
                users,
                m -> m.values().stream().filter(UserState::revoked).count());
        meters.gauge(LAG_METRIC, List.of(), lag, AtomicLong::get);
        thread = new Thread(this::run, "revoked-tokens");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Whether a token of this user issued at {@code issuedAt} (null: unknown) and carrying {@code role} (null:
     * unknown) may still be honoured.
     */
    public Verdict check(String accountId, String userId, Instant issuedAt, Role role) {
        UserState state = users.get(accountId + ":" + userId);
        if (state == null) {
            return Verdict.ACCEPTED;
        }
        if (state.revoked()) {
            return Verdict.REVOKED;
        }
        // iat has whole seconds: a token of the event's own second passes the cut-off, and the role claim decides
        if (issuedAt == null
                || issuedAt.getEpochSecond() < state.cutoff().getEpochSecond()
                || (state.role() != null && state.role() != role)) {
            return Verdict.STALE;
        }
        return Verdict.ACCEPTED;
    }

    /** Whether the feed knows this user as revoked (sso-service mints no token for them). */
    public boolean isRevoked(String accountId, String userId) {
        UserState state = users.get(accountId + ":" + userId);
        return state != null && state.revoked();
    }

    /** The user's role as of their last role change or restore within the feed's window, if any. */
    public Optional<Role> knownRole(String accountId, String userId) {
        return Optional.ofNullable(users.get(accountId + ":" + userId)).map(UserState::role);
    }

    /** True once the events of the look-back window have been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Revocation events not read yet, against the ends the last fetch responses reported (the lag gauge's value). */
    public long lag() {
        return lag.get();
    }

    /**
     * Caught up at start-up and not behind the ends its last fetch responses reported (readiness); always true when
     * the feed is disabled. A feed that reads each record as soon as it is committed stays ready: it is behind only
     * when a response brings more than one poll returns (a burst, a large transaction, a slow replica).
     */
    public boolean ready() {
        return !config.auth().revocation().enabled() || (caughtUp && !behind);
    }

    /** Records a revocation (also used by the consumer): every token refused until a later restore. */
    void revoked(String accountId, String userId, Instant at) {
        users.merge(
                accountId + ":" + userId,
                new UserState(true, at, null),
                (old, now) -> new UserState(true, later(old.cutoff(), at), old.role()));
    }

    /** Records a restore: the revocation ends; tokens issued before it stay refused. */
    void restored(String accountId, String userId, Instant at, Role role) {
        users.merge(
                accountId + ":" + userId,
                new UserState(false, at, role),
                (old, now) -> new UserState(false, later(old.cutoff(), at), role));
    }

    /** Records a role change: tokens issued before it, or carrying another role, are refused. */
    void roleChanged(String accountId, String userId, Instant at, Role role) {
        users.merge(
                accountId + ":" + userId,
                new UserState(false, at, role),
                (old, now) -> new UserState(old.revoked(), later(old.cutoff(), at), role));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void run() {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try (KafkaConsumer<String, byte[]> c = newConsumer()) {
                consumer = c;
                follow(c);
                backoff = Duration.ofMillis(500);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf(
                        "revocation feed interrupted (%s); retrying in %d ms",
                        e.getClass().getSimpleName(), backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                        ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            } finally {
                consumer = null;
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = partitions(c);
        c.assign(partitions);
        long since =
                clock.instant().minus(config.auth().revocation().lookback()).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(query, Duration.ofSeconds(30));
        Map<TopicPartition, Long> ends = c.endOffsets(partitions, Duration.ofSeconds(30));
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp o = offsets.get(tp);
            c.seek(tp, o != null ? o.offset() : ends.get(tp));
        }
        Map<TopicPartition, Long> target = ends;
        Instant checked = clock.instant();
        Duration interval = config.auth().revocation().readinessInterval();
        // a poll returns as soon as records arrive; an idle one waits up to a readiness interval (5 s at most), so
        // the loop wakes no more often than it compares the position with the topic's end
        Duration pollTimeout = interval.compareTo(MAX_IDLE_POLL) > 0 ? MAX_IDLE_POLL : interval;
        while (running) {
            // the lag as of the last fetch responses, which carry each partition's end: no request of its own
            long behindBy = fetchedLag(c, partitions);
            if (behindBy < 0) { // a partition not fetched yet (start-up, after a seek): the end offsets asked for
                behindBy = 0;
                for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
                    behindBy += Math.max(0, e.getValue() - c.position(e.getKey()));
                }
                if (!clock.instant().isBefore(checked.plus(interval))) {
                    target = c.endOffsets(partitions, Duration.ofSeconds(10)); // compared after the next poll
                    checked = clock.instant();
                }
            }
            boolean reached = behindBy == 0;
            lag.set(behindBy);
            if (reached && !caughtUp) {
                LOG.debugf(
                        "revocation feed caught up: %d users with a revocation or cut-off in the window", users.size());
            }
            caughtUp |= reached;
            behind = !reached;
            evictOlderThan(clock.instant().minus(config.auth().revocation().lookback()));
            // polled last, so the state is computed right after the seek too: a feed already at the end is caught up
            // without waiting for a first idle poll
            for (ConsumerRecord<String, byte[]> r : c.poll(pollTimeout)) {
                apply(r);
            }
        }
    }

    /**
     * Records behind the end of every partition, as the consumer knows it from its last fetch responses (for
     * {@code read_committed}, the last stable offset); -1 while a partition has had no fetch response yet.
     */
    static long fetchedLag(Consumer<?, ?> c, List<TopicPartition> partitions) {
        long behindBy = 0;
        for (TopicPartition tp : partitions) {
            OptionalLong lag = c.currentLag(tp);
            if (lag.isEmpty()) {
                return -1;
            }
            behindBy += Math.max(0, lag.getAsLong());
        }
        return behindBy;
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        while (running) {
            List<PartitionInfo> infos = c.partitionsFor(Topics.USERS, Duration.ofSeconds(30));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
            }
            caughtUp = true; // no topic yet: no revocation to know of
            sleep(Duration.ofSeconds(1)); // the topic is created by the first event or by the operator
        }
        throw new WakeupException();
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return;
        }
        Header type = r.headers().lastHeader(CloudEventHeaders.TYPE);
        if (type != null && !isFollowedType(type.value())) {
            return; // most of the topic is provisioning: skip it unparsed
        }
        try {
            GatehouseEvent event = EventJson.fromBytes(r.value());
            if (event instanceof UserRevoked e) {
                revoked(e.accountId(), e.userId(), e.occurredAt());
            } else if (event instanceof UserRestored e) {
                restored(e.accountId(), e.userId(), e.occurredAt(), e.role());
            } else if (event instanceof UserRoleChanged e && e.previousRole() != e.role()) {
                roleChanged(e.accountId(), e.userId(), e.occurredAt(), e.role());
            }
        } catch (RuntimeException e) {
            // not ours to judge: the owning consumers dead-letter poison messages; this feed only skips them
            LOG.debugf(
                    "revocation feed skipped an unreadable record at %s/%d/%d", r.topic(), r.partition(), r.offset());
        }
    }

    /** {@code ce_type} is {@code <prefix><Type>.v<n>}. */
    private static boolean isFollowedType(byte[] ceType) {
        String t = new String(ceType, StandardCharsets.UTF_8);
        if (!t.startsWith(CloudEventHeaders.TYPE_PREFIX)) {
            return false;
        }
        int v = t.lastIndexOf(".v");
        return v > 0 && TYPES.contains(t.substring(CloudEventHeaders.TYPE_PREFIX.length(), v));
    }

    /** At most once per {@link #EVICTION_INTERVAL}: a busy feed polls many times a second. */
    private void evictOlderThan(Instant cutoff) {
        Instant now = clock.instant();
        if (lastEviction != null && now.isBefore(lastEviction.plus(EVICTION_INTERVAL))) {
            return;
        }
        lastEviction = now;
        // a revoked user stays revoked until restored; other cut-offs outlive every token issued before them
        users.values().removeIf(u -> !u.revoked() && u.cutoff().isBefore(cutoff));
    }

    /**
     * Built by hand, not a channel (ADR 0001): it is assigned every partition without a consumer group and seeks by
     * time. Its client settings are the service's {@code kafka.*}, so TLS and SASL reach it like every channel.
     */
    private KafkaConsumer<String, byte[]> newConsumer() {
        Properties p = new Properties();
        p.putAll(kafka);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                config.serviceName() + "-revocations-" + ProcessHandle.current().pid());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // as the channels' consumers (ADR 0021): a revocation still answers the waiting fetch at once
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5000");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
