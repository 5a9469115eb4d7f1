package io.gatehouse.platform.outbox;

import io.gatehouse.events.CloudEventHeaders;
import io.gatehouse.platform.KafkaSettings;
import io.gatehouse.platform.PlatformConfig;
import io.gatehouse.platform.observability.TraceParent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
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
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes outbox rows to Kafka in id order and marks them sent. One relay of a service works at a time (a
 * transaction-scoped PostgreSQL advisory lock), so events of one key keep their order with several replicas.
 * A Kafka failure rolls the batch back and it is retried after a back-off: rows are never lost, and a row may be
 * published twice (consumers are idempotent on {@code eventId}).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String SELECT = "SELECT id, event_id, topic, event_key, event_type, schema_version, occurred_at, "
            + "payload, trace_parent FROM gh_outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?";

    private final DataSource dataSource;
    private final PlatformConfig config;
    private final KafkaSettings kafka;
    private final OutboxSignal signal;
    private final MeterRegistry meters;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private volatile boolean running;
    private Thread thread;
    private KafkaProducer<String, byte[]> producer;

    public OutboxRelay(DataSource dataSource, PlatformConfig config, KafkaSettings kafka, OutboxSignal signal,
                       MeterRegistry meters) {
        this.dataSource = dataSource;
        this.config = config;
        this.kafka = kafka;
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
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void loop() {
        Duration backoff = Duration.ofMillis(200);
        long lastCleanup = 0;
        while (running) {
            try {
                int sent = relayOnce();
                backoff = Duration.ofMillis(200);
                if (System.currentTimeMillis() - lastCleanup > 60_000) {
                    cleanup();
                    lastCleanup = System.currentTimeMillis();
                }
                if (sent == 0) {
                    signal.await(config.outbox().pollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay: %s; retrying in %d ms", rootMessage(e), backoff.toMillis());
                resetProducer();
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
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
                if (!tryLock(c)) {
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
                    rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6), rs.getTimestamp(7).toInstant(), rs.getString(8),
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
        KafkaProducer<String, byte[]> p = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        String source = "/gatehouse/" + config.serviceName();
        for (Row row : rows) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic, row.key,
                    row.payload.getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.SPEC_VERSION, bytes("1.0"));
            record.headers().add(CloudEventHeaders.ID, bytes(row.eventId.toString()));
            record.headers().add(CloudEventHeaders.TYPE, bytes(CloudEventHeaders.ceType(row.eventType, row.schemaVersion)));
            record.headers().add(CloudEventHeaders.SOURCE, bytes(source));
            record.headers().add(CloudEventHeaders.TIME, bytes(row.occurredAt.toString()));
            record.headers().add(CloudEventHeaders.SUBJECT, bytes(row.key));
            record.headers().add(CloudEventHeaders.CONTENT_TYPE, bytes("application/json"));
            if (row.traceParent != null) {
                record.headers().add(TraceParent.HEADER, bytes(row.traceParent));
            }
            acks.add(p.send(record));
        }
        p.flush();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
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
                ps.setTimestamp(1, Timestamp.from(Instant.now().minus(config.outbox().retention())));
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
            p.put(ProducerConfig.CLIENT_ID_CONFIG, config.serviceName() + "-outbox");
            producer = new KafkaProducer<>(p, new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
        }
        return producer;
    }

    private synchronized void resetProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException ignored) {
                // a broken producer is discarded either way
            }
            producer = null;
        }
    }

    /** Unsent rows seen at the last relay pass. */
    public long backlog() {
        return backlog.get();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
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

    private record Row(long id, UUID eventId, String topic, String key, String eventType, int schemaVersion,
                       Instant occurredAt, String payload, String traceParent) {
    }
}
