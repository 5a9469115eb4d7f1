package io.gatehouse.platform.outbox;

import io.gatehouse.events.CloudEventHeaders;
import io.gatehouse.platform.PlatformConfig;
import io.gatehouse.platform.observability.TraceParent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in id order and marks them sent, through the producer of the
 * {@value #CHANNEL} channel: configured like every Kafka client of the service ({@code kafka.*}, then
 * {@code mp.messaging.outgoing.gatehouse-outbox.*}: idempotent, {@code acks=all}, ≤ 5 requests in flight, so
 * per-partition order holds), watched by the channel's health check and Kafka's Micrometer metrics. The relay
 * calls the channel's producer itself rather than an {@code Emitter}: the emitter's sink re-sends failed records one
 * by one after the client's own retries, which can reorder a key's events; here a failed batch is rolled back and
 * sent again in order (ADR 0001). One relay of a service works at a time (a
 * transaction-scoped PostgreSQL advisory lock), so events of one key keep their order with several replicas.
 * A Kafka failure rolls the batch back and it is retried after a back-off: rows are never lost, and a row may be
 * published twice (consumers are idempotent on {@code eventId}).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String SELECT =
            "SELECT id, event_id, topic, event_key, event_type, schema_version, occurred_at, "
                    + "payload, trace_parent FROM gh_outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?";

    private final DataSource dataSource;
    private final PlatformConfig config;
    private final KafkaClientService clients;
    private final OutboxSignal signal;
    private final MeterRegistry meters;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private volatile boolean running;
    private volatile String failure;
    /** The last {@link #relayOnce()} found another replica's relay holding the lock: poll again soon. */
    private volatile boolean lockRefused;

    private Thread thread;

    /** The outgoing channel whose producer the relay uses (configured in the platform's defaults). */
    public static final String CHANNEL = "gatehouse-outbox";

    public OutboxRelay(
            DataSource dataSource,
            PlatformConfig config,
            KafkaClientService clients,
            OutboxSignal signal,
            MeterRegistry meters) {
        this.dataSource = dataSource;
        this.config = config;
        this.clients = clients;
        this.signal = signal;
        this.meters = meters;
    }

    void onStart(@Observes StartupEvent event) {
        meters.gauge("gatehouse.outbox.backlog", backlog);
        meters.more().counter("gatehouse.outbox.published", List.of(), published);
        if (!config.outbox().enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        signal.wake();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        Duration backoff = Duration.ofMillis(200);
        Duration idle = config.outbox().pollInterval();
        long lastCleanup = 0;
        while (running) {
            try {
                long passStarted = System.nanoTime();
                int sent = relayOnce();
                failure = null;
                backoff = Duration.ofMillis(200);
                if (System.currentTimeMillis() - lastCleanup > 60_000) {
                    cleanup();
                    lastCleanup = System.currentTimeMillis();
                }
                if (sent > 0 || lockRefused) {
                    idle = config.outbox().pollInterval();
                    if (sent < config.outbox().batchSize()) {
                        // busy: the next pass starts one batch interval after this one did and takes every row
                        // committed meanwhile (ADR 0030); a full batch (a backlog) is followed at once, and a
                        // wake-up after a quiet spell is served at once
                        sleep(remaining(
                                passStarted, System.nanoTime(), config.outbox().batchInterval()));
                    }
                } else {
                    boolean woken = signal.await(idle);
                    idle = nextIdleWait(
                            idle,
                            woken,
                            config.outbox().pollInterval(),
                            config.outbox().idlePollMax());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failure = rootMessage(e);
                LOG.warnf("outbox relay: %s; retrying in %d ms", failure, backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                        ? Duration.ofSeconds(5)
                        : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Publishes one batch. Returns how many rows were sent (0 when none were pending or another replica's relay
     * holds the lock).
     */
    public int relayOnce() {
        return QuarkusTransaction.requiringNew().timeout(60).call(() -> {
            try (Connection c = dataSource.getConnection()) {
                lockRefused = !tryLock(c);
                if (lockRefused) {
                    return 0;
                }
                List<Row> rows = pending(c);
                updateBacklog(c, rows.size());
                if (rows.isEmpty()) {
                    return 0;
                }
                publish(rows);
                markSent(c, rows);
                published.addAndGet(rows.size());
                return rows.size();
            }
        });
    }

    /**
     * The relay's next idle sleep after an empty poll: back to {@code poll} when a commit woke it, else twice the
     * last one, at most {@code max} (ADR 0021). An idle relay thus runs a transaction every {@code max} instead of
     * every {@code poll}, while a commit of this replica still wakes it at once.
     */
    static Duration nextIdleWait(Duration last, boolean woken, Duration poll, Duration max) {
        if (woken) {
            return poll;
        }
        Duration doubled = last.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? (max.compareTo(poll) > 0 ? max : poll) : doubled;
    }

    /**
     * How long a busy relay waits before its next pass: what is left of {@code interval} since the last pass
     * started (nanosecond clock), nothing once it has passed.
     */
    static Duration remaining(long passStarted, long now, Duration interval) {
        long left = interval.toNanos() - (now - passStarted);
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    private boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, lockKey());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private long lockKey() {
        return 0x6761746568L ^ config.serviceName().hashCode();
    }

    private List<Row> pending(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setInt(1, config.outbox().batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(
                            rs.getLong(1),
                            rs.getObject(2, UUID.class),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getInt(6),
                            rs.getTimestamp(7).toInstant(),
                            rs.getString(8),
                            rs.getString(9)));
                }
            }
        }
        return rows;
    }

    private void updateBacklog(Connection c, int batch) throws SQLException {
        if (batch < config.outbox().batchSize()) {
            backlog.set(batch);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM gh_outbox WHERE sent_at IS NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            backlog.set(rs.getLong(1));
        }
    }

    private void publish(List<Row> rows) throws Exception {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(rows.size());
        String source = "/gatehouse/" + config.serviceName();
        for (Row row : rows) {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(row.topic, row.key, row.payload.getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.SPEC_VERSION, bytes("1.0"));
            record.headers().add(CloudEventHeaders.ID, bytes(row.eventId.toString()));
            record.headers()
                    .add(CloudEventHeaders.TYPE, bytes(CloudEventHeaders.ceType(row.eventType, row.schemaVersion)));
            record.headers().add(CloudEventHeaders.SOURCE, bytes(source));
            record.headers().add(CloudEventHeaders.TIME, bytes(row.occurredAt.toString()));
            record.headers().add(CloudEventHeaders.SUBJECT, bytes(row.key));
            record.headers().add(CloudEventHeaders.CONTENT_TYPE, bytes("application/json"));
            if (row.traceParent != null) {
                record.headers().add(TraceParent.HEADER, bytes(row.traceParent));
            }
            records.add(record);
        }
        // all sends in id order on the channel's sending thread, which this thread waits for (so no send of a
        // batch given up on can follow its retry); a send that fails at once (no metadata within max.block.ms while
        // the broker is away) ends the batch there, instead of each remaining record waiting as long
        io.smallrye.reactive.messaging.kafka.KafkaProducer<String, byte[]> producer = clients.getProducer(CHANNEL);
        List<Future<RecordMetadata>> acks = producer.runOnSendingThread(client -> {
                    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
                    for (ProducerRecord<String, byte[]> r : records) {
                        Future<RecordMetadata> ack = client.send(r);
                        sent.add(ack);
                        if (failedAtOnce(ack)) {
                            break;
                        }
                    }
                    return sent;
                })
                .await()
                .indefinitely();
        // every send settles (acked or failed: delivery.timeout.ms) before a failure rolls the batch back, so no
        // record of a failed batch is still pending in the producer when the batch is sent again
        Exception failed = null;
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private static boolean failedAtOnce(Future<RecordMetadata> ack) {
        if (!ack.isDone()) {
            return false;
        }
        try {
            ack.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void markSent(Connection c, List<Row> rows) throws SQLException {
        Long[] ids = rows.stream().map(r -> r.id).toArray(Long[]::new);
        try (PreparedStatement ps = c.prepareStatement("UPDATE gh_outbox SET sent_at = ? WHERE id = ANY (?)")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setArray(2, c.createArrayOf("bigint", ids));
            ps.executeUpdate();
        }
    }

    private void cleanup() {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("DELETE FROM gh_outbox WHERE sent_at < ?")) {
                ps.setTimestamp(
                        1, Timestamp.from(Instant.now().minus(config.outbox().retention())));
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Unsent rows seen at the last relay pass. */
    public long backlog() {
        return backlog.get();
    }

    /** Why the last relay pass failed; empty when it succeeded (or the relay is disabled). */
    public java.util.Optional<String> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    public boolean enabled() {
        return config.outbox().enabled();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private record Row(
            long id,
            UUID eventId,
            String topic,
            String key,
            String eventType,
            int schemaVersion,
            Instant occurredAt,
            String payload,
            String traceParent) {}
}
