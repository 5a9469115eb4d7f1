package io.gatehouse.platform.messaging;

import io.gatehouse.events.EventJson;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.Topics;
import io.gatehouse.platform.KafkaSettings;
import io.gatehouse.platform.PlatformConfig;
import io.gatehouse.platform.observability.ConsumerLagGauges;
import io.gatehouse.platform.observability.ConsumerSpans;
import io.gatehouse.platform.observability.TraceParent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Kafka consumer per {@link EventHandler}. Each poll batch is applied in one transaction together with
 * the processed-event log; when the batch fails it is re-applied record by record, and a record that still fails
 * after the configured attempts, or is not a valid event, is published to {@code <topic>.dlq} with the error in
 * headers. Offsets are committed only after the effects (or the dead-lettering) are durable: at-least-once
 * delivery plus the processed-event log gives exactly one effect.
 *
 * <p>Each applied record runs inside a CONSUMER span whose parent is the record's {@code traceparent} header
 * ({@link ConsumerSpans}), and each consumer reports its lag per assigned partition ({@link ConsumerLagGauges}).
 */
@ApplicationScoped
public class EventConsumerRunner {
    private static final Logger LOG = Logger.getLogger(EventConsumerRunner.class);

    private final Instance<EventHandler> handlers;
    private final ProcessedEvents processed;
    private final PlatformConfig config;
    private final KafkaSettings kafka;
    private final MeterRegistry meters;
    private final ConsumerSpans spans;
    private final List<Worker> workers = new ArrayList<>();

    public EventConsumerRunner(@Any Instance<EventHandler> handlers, ProcessedEvents processed, PlatformConfig config,
                               KafkaSettings kafka, MeterRegistry meters, ConsumerSpans spans) {
        this.handlers = handlers;
        this.processed = processed;
        this.config = config;
        this.kafka = kafka;
        this.meters = meters;
        this.spans = spans;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.consumer().enabled()) {
            return;
        }
        for (EventHandler handler : handlers) {
            Worker worker = new Worker(handler);
            workers.add(worker);
            worker.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        workers.forEach(Worker::shutdown);
        workers.forEach(Worker::join);
    }

    private final class Worker implements Runnable {
        private final EventHandler handler;
        private final String group;
        private final Thread thread;
        private final ConsumerLagGauges lag;
        private volatile boolean running = true;
        private volatile KafkaConsumer<String, byte[]> consumer;
        private KafkaProducer<String, byte[]> dlqProducer;

        Worker(EventHandler handler) {
            this.handler = handler;
            this.group = config.serviceName() + "." + handler.name();
            this.thread = new Thread(this, "consumer-" + handler.name());
            this.thread.setDaemon(true);
            this.lag = new ConsumerLagGauges(meters, group);
        }

        void start() {
            thread.start();
        }

        void shutdown() {
            running = false;
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }

        void join() {
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            Duration backoff = Duration.ofMillis(500);
            while (running) {
                try (KafkaConsumer<String, byte[]> c = newConsumer()) {
                    consumer = c;
                    c.subscribe(List.copyOf(handler.topics()), new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                            lag.remove(partitions);
                        }

                        @Override
                        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                            // gauges appear at the next poll, once the consumer knows the partition's end
                        }

                        @Override
                        public void onPartitionsLost(Collection<TopicPartition> partitions) {
                            lag.remove(partitions);
                        }
                    });
                    while (running) {
                        ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                        lag.update(c);
                        if (!records.isEmpty()) {
                            apply(records);
                            c.commitSync();
                        }
                        backoff = Duration.ofMillis(500);
                    }
                } catch (WakeupException e) {
                    // shutting down
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    LOG.warnf("consumer %s: %s; reconnecting from the last committed offset in %d ms", group,
                            e.toString(), backoff.toMillis());
                    sleep(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : backoff.multipliedBy(2);
                } finally {
                    consumer = null;
                    lag.removeAll();
                }
            }
            if (dlqProducer != null) {
                dlqProducer.close(Duration.ofSeconds(5));
            }
        }

        private void apply(ConsumerRecords<String, byte[]> records) {
            List<Parsed> batch = new ArrayList<>(records.count());
            for (ConsumerRecord<String, byte[]> r : records) {
                try {
                    batch.add(new Parsed(r, EventJson.fromBytes(r.value())));
                } catch (EventJson.InvalidEventException e) {
                    deadLetter(r, e);
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            try {
                inTransaction(batch);
                count("applied", batch.size());
            } catch (RuntimeException batchFailure) {
                LOG.warnf("consumer %s: a batch of %d failed (%s); applying its records one by one", group,
                        batch.size(), batchFailure.toString());
                for (Parsed p : batch) {
                    applyAlone(p);
                }
            }
        }

        private void applyAlone(Parsed p) {
            RuntimeException last = null;
            for (int attempt = 1; attempt <= config.consumer().maxAttempts(); attempt++) {
                try {
                    inTransaction(List.of(p));
                    count("applied", 1);
                    return;
                } catch (RuntimeException e) {
                    last = e;
                    sleep(Duration.ofMillis(50L * attempt));
                }
            }
            LOG.errorf("consumer %s: event %s (%s) failed %d times, sending it to the dead-letter topic: %s", group,
                    p.event.eventId(), p.event.eventType(), config.consumer().maxAttempts(), last);
            deadLetter(p.record, last);
        }

        private void inTransaction(List<Parsed> batch) {
            ManagedContext requestContext = Arc.container().requestContext();
            boolean activated = !requestContext.isActive();
            if (activated) {
                requestContext.activate();
            }
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    Set<UUID> fresh = processed.markAllProcessed(group,
                            batch.stream().map(p -> p.event.eventId()).toList());
                    List<Parsed> toApply = new ArrayList<>(fresh.size());
                    for (Parsed p : batch) {
                        // a fresh id is applied once, even if the batch holds it twice
                        if (fresh.remove(p.event.eventId())) {
                            toApply.add(p);
                        } else {
                            count("duplicate", 1);
                        }
                    }
                    if (toApply.isEmpty()) {
                        return;
                    }
                    handler.beforeBatch(toApply.stream().map(Parsed::event).toList());
                    for (Parsed p : toApply) {
                        handleTraced(p);
                    }
                });
            } finally {
                if (activated) {
                    requestContext.terminate();
                }
            }
        }

        /** The handler runs inside the record's span, so what it publishes to the outbox continues the trace. */
        private void handleTraced(Parsed p) {
            try (ConsumerSpans.Processing span = spans.start(group, p.record, p.event)) {
                try {
                    handler.handle(p.event, new ConsumedRecord(p.record.topic(), p.record.partition(),
                            p.record.offset(), p.record.key(), header(p.record, TraceParent.HEADER)));
                } catch (RuntimeException e) {
                    span.failed(e);
                    throw e;
                }
            }
        }

        private void deadLetter(ConsumerRecord<String, byte[]> r, Throwable cause) {
            ProducerRecord<String, byte[]> dlq = new ProducerRecord<>(Topics.deadLetter(r.topic()), r.key(), r.value());
            for (Header h : r.headers()) {
                dlq.headers().add(h);
            }
            dlq.headers().add("dlq_error", bytes(cause == null ? "unknown" : cause.getClass().getName() + ": " + cause.getMessage()));
            dlq.headers().add("dlq_consumer", bytes(group));
            dlq.headers().add("dlq_source", bytes(r.topic() + "/" + r.partition() + "/" + r.offset()));
            try {
                dlqProducer().send(dlq).get(30, TimeUnit.SECONDS);
                count("dead_lettered", 1);
            } catch (Exception e) {
                throw new IllegalStateException("could not dead-letter " + r.topic() + "/" + r.partition() + "/" + r.offset(), e);
            }
        }

        private KafkaConsumer<String, byte[]> newConsumer() {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + ProcessHandle.current().pid());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.consumer().maxPollRecords()));
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                    "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
            p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000");
            long session = Math.max(6000, config.consumer().sessionTimeout().toMillis());
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(session));
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(session / 3));
            return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        }

        private KafkaProducer<String, byte[]> dlqProducer() {
            if (dlqProducer == null) {
                Properties p = new Properties();
                p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
                p.put(ProducerConfig.ACKS_CONFIG, "all");
                p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
                dlqProducer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
            }
            return dlqProducer;
        }

        private void count(String result, int n) {
            meters.counter("gatehouse.events.consumed", "consumer", group, "result", result).increment(n);
        }
    }

    private record Parsed(ConsumerRecord<String, byte[]> record, GatehouseEvent event) {
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
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
}
