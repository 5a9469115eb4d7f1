package io.gatehouse.platform.auth;

import io.gatehouse.events.CloudEventHeaders;
import io.gatehouse.events.EventJson;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.Topics;
import io.gatehouse.events.UserRevoked;
import io.gatehouse.platform.KafkaSettings;
import io.gatehouse.platform.PlatformConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Account JWTs are stateless and short-lived (≤ 10 minutes); this closes the window in which a revoked user's
 * already-issued token would still be honoured. Every replica of every service follows {@code UserRevoked} on
 * {@link Topics#USERS} with its own group-less consumer (assigned all partitions, nothing committed), starting at
 * the events of the last {@code gatehouse.auth.revocation.lookback} (longer than any token's life), and keeps
 * "account:user → revoked at". {@link Caller} refuses a token whose {@code iat} is not after that instant.
 * A later {@code UserRestored} needs no entry: the restored user signs in again and gets a new token.
 */
@ApplicationScoped
public class RevokedTokens {
    private static final Logger LOG = Logger.getLogger(RevokedTokens.class);

    private final PlatformConfig config;
    private final KafkaSettings kafka;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private static final String REVOKED_TYPE_PREFIX = CloudEventHeaders.TYPE_PREFIX + UserRevoked.TYPE + ".v";
    private static final Duration EVICTION_INTERVAL = Duration.ofSeconds(10);

    private final Map<String, Instant> revokedAt = new ConcurrentHashMap<>();
    private Instant lastEviction;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private Thread thread;

    public RevokedTokens(PlatformConfig config, KafkaSettings kafka, MeterRegistry meters) {
        this.config = config;
        this.kafka = kafka;
        this.meters = meters;
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.auth().revocation().enabled()) {
            return;
        }
        running = true;
        meters.gaugeMapSize("gatehouse.auth.revoked.users", List.of(), revokedAt);
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

    /** Whether a token of this user issued at {@code issuedAt} (null: unknown) was issued before a revocation. */
    public boolean isRevoked(String accountId, String userId, Instant issuedAt) {
        Instant at = revokedAt.get(accountId + ":" + userId);
        return at != null && (issuedAt == null || !issuedAt.isAfter(at));
    }

    /** True once the events of the look-back window have been read (readiness and tests). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Records a revocation (also used by the consumer). Keeps the latest instant per user. */
    void revoked(String accountId, String userId, Instant at) {
        revokedAt.merge(accountId + ":" + userId, at, (a, b) -> a.isAfter(b) ? a : b);
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
                LOG.warnf("revocation feed interrupted (%s); retrying in %d ms", e.getClass().getSimpleName(), backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : backoff.multipliedBy(2);
            } finally {
                consumer = null;
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = partitions(c);
        c.assign(partitions);
        long since = clock.instant().minus(config.auth().revocation().lookback()).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(query, Duration.ofSeconds(30));
        Map<TopicPartition, Long> ends = c.endOffsets(partitions, Duration.ofSeconds(30));
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp o = offsets.get(tp);
            c.seek(tp, o != null ? o.offset() : ends.get(tp));
        }
        Map<TopicPartition, Long> remaining = new HashMap<>(ends);
        while (running) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                apply(r);
            }
            if (!caughtUp) {
                remaining.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
                if (remaining.isEmpty()) {
                    caughtUp = true;
                    LOG.debugf("revocation feed caught up: %d revoked users in the window", revokedAt.size());
                }
            }
            evictOlderThan(clock.instant().minus(config.auth().revocation().lookback()));
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        while (running) {
            List<PartitionInfo> infos = c.partitionsFor(Topics.USERS, Duration.ofSeconds(30));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            sleep(Duration.ofSeconds(1)); // the topic is created by the first event or by the operator
        }
        throw new WakeupException();
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return;
        }
        Header type = r.headers().lastHeader(CloudEventHeaders.TYPE);
        if (type != null && !isRevocationType(type.value())) {
            return; // most of the topic is provisioning and role changes: skip them unparsed
        }
        try {
            GatehouseEvent event = EventJson.fromBytes(r.value());
            if (event instanceof UserRevoked revoked) {
                revoked(revoked.accountId(), revoked.userId(), revoked.occurredAt());
            }
        } catch (RuntimeException e) {
            // not ours to judge: the owning consumers dead-letter poison messages; this feed only skips them
            LOG.debugf("revocation feed skipped an unreadable record at %s/%d/%d", r.topic(), r.partition(), r.offset());
        }
    }

    private static boolean isRevocationType(byte[] ceType) {
        return new String(ceType, StandardCharsets.UTF_8).startsWith(REVOKED_TYPE_PREFIX);
    }

    /** At most once per {@link #EVICTION_INTERVAL}: a busy feed polls many times a second. */
    private void evictOlderThan(Instant cutoff) {
        Instant now = clock.instant();
        if (lastEviction != null && now.isBefore(lastEviction.plus(EVICTION_INTERVAL))) {
            return;
        }
        lastEviction = now;
        revokedAt.values().removeIf(at -> at.isBefore(cutoff));
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.serviceName() + "-revocations-" + ProcessHandle.current().pid());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000");
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
