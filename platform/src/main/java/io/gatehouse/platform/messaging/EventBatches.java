package io.gatehouse.platform.messaging;

import io.gatehouse.events.EventJson;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.platform.PlatformConfig;
import io.gatehouse.platform.observability.ConsumerSpans;
import io.gatehouse.platform.observability.TraceParent;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Applies the poll batches a Quarkus Messaging Kafka channel hands to an {@link EventHandler}: the whole batch in
 * one transaction together with the processed-event log; when the batch fails it is re-applied record by record,
 * and a record that still fails after {@code gatehouse.consumer.max-attempts}, or is not a valid event, is nacked
 * alone, which the channel's {@code dead-letter-queue} failure strategy publishes to {@code <topic>.dlq} (with the
 * error in the {@code dlq_*} headers beside the extension's {@code dead-letter-*} ones). The batch is acknowledged
 * only after its transaction committed and its dead letters were acknowledged by the broker; the channel commits
 * offsets from acknowledgements at once ({@code commit-strategy=prompt}, {@link PromptCommit}). At-least-once delivery plus the processed-event
 * log gives exactly one effect.
 *
 * <p>Each applied record runs inside a CONSUMER span whose parent is the record's {@code traceparent} header
 * ({@link ConsumerSpans}), current while the handler runs: in batch mode the extension's own receive spans are
 * never current, so they could not carry the trace into what the handler writes (ADR 0001).
 */
@ApplicationScoped
public class EventBatches {
    private static final Logger LOG = Logger.getLogger(EventBatches.class);
    private static final Duration DEAD_LETTER_WAIT = Duration.ofMinutes(3);

    private final ProcessedEvents processed;
    private final PlatformConfig config;
    private final MeterRegistry meters;
    private final ConsumerSpans spans;
    private volatile boolean stopping;

    public EventBatches(ProcessedEvents processed, PlatformConfig config, MeterRegistry meters, ConsumerSpans spans) {
        this.processed = processed;
        this.config = config;
        this.meters = meters;
        this.spans = spans;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** The consumer group and processed-event log key of a handler: {@code <service>.<name>}. */
    public String group(EventHandler handler) {
        return config.serviceName() + "." + handler.name();
    }

    /**
     * Applies the batch and returns its acknowledgement. Call from a {@code @Blocking} {@code @Incoming} method: it
     * blocks for the transaction and for dead letters.
     */
    public CompletionStage<Void> apply(EventHandler handler, KafkaRecordBatch<String, byte[]> batch) {
        String group = group(handler);
        List<Parsed> all = new ArrayList<>(batch.getRecords().size());
        List<Parsed> events = new ArrayList<>(batch.getRecords().size());
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            @SuppressWarnings("unchecked")
            IncomingKafkaRecord<String, byte[]> r = record.unwrap(IncomingKafkaRecord.class);
            try {
                Parsed p = new Parsed(r, EventJson.fromBytes(r.getPayload()), null);
                all.add(p);
                events.add(p);
            } catch (EventJson.InvalidEventException e) {
                all.add(new Parsed(r, null, e));
            }
        }
        batchSize(group).record(all.size());
        boolean applied = events.isEmpty();
        if (!applied) {
            try {
                inTransaction(handler, group, events);
                count(group, "applied", events.size());
                applied = true;
            } catch (RuntimeException batchFailure) {
                LOG.warnf(
                        "consumer %s: a batch of %d failed (%s); applying its records one by one",
                        group, events.size(), batchFailure.toString());
            }
        }
        // in record order, so an offset committed for a dead letter never passes an event not yet applied
        for (Parsed p : all) {
            boolean done =
                    p.event == null ? deadLetter(group, p.record, p.invalid) : applied || applyAlone(handler, group, p);
            if (!done) {
                return new CompletableFuture<>(); // stopping: neither acked nor nacked, redelivered after restart
            }
        }
        return batch.ack();
    }

    /** False only when the record could not be dead-lettered because the service is stopping. */
    private boolean applyAlone(EventHandler handler, String group, Parsed p) {
        RuntimeException last = null;
        int attempts = config.consumer().maxAttempts();
        Duration outage = Duration.ofMillis(500);
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                inTransaction(handler, group, List.of(p));
                count(group, "applied", 1);
                return true;
            } catch (RuntimeException e) {
                last = e;
                if (databaseUnavailable(e)) {
                    // not the event's fault: wait for the database without using up an attempt
                    if (stopping) {
                        return false;
                    }
                    LOG.warnf(
                            "consumer %s: database unavailable (%s); retrying event %s in %d ms",
                            group, e.getClass().getSimpleName(), p.event.eventId(), outage.toMillis());
                    sleep(outage);
                    outage = outage.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                            ? Duration.ofSeconds(5)
                            : outage.multipliedBy(2);
                    attempt--;
                    continue;
                }
                sleep(Duration.ofMillis(50L * attempt));
            }
        }
        LOG.errorf(
                "consumer %s: event %s (%s) failed %d times, sending it to the dead-letter topic: %s",
                group, p.event.eventId(), p.event.eventType(), attempts, last);
        return deadLetter(group, p.record, last);
    }

    private void inTransaction(EventHandler handler, String group, List<Parsed> batch) {
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Set<UUID> fresh = processed.markAllProcessed(
                        group, batch.stream().map(p -> p.event.eventId()).toList());
                List<Parsed> toApply = new ArrayList<>(fresh.size());
                for (Parsed p : batch) {
                    // a fresh id is applied once, even if the batch holds it twice
                    if (fresh.remove(p.event.eventId())) {
                        toApply.add(p);
                    } else {
                        count(group, "duplicate", 1);
                    }
                }
                if (toApply.isEmpty()) {
                    return;
                }
                handler.beforeBatch(toApply.stream().map(Parsed::event).toList());
                for (Parsed p : toApply) {
                    handleTraced(handler, group, p);
                }
            });
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
    }

    /** The handler runs inside the record's span, so what it publishes to the outbox continues the trace. */
    private void handleTraced(EventHandler handler, String group, Parsed p) {
        IncomingKafkaRecord<String, byte[]> r = p.record;
        try (ConsumerSpans.Processing span =
                spans.start(group, r.getTopic(), r.getPartition(), r.getOffset(), r.getHeaders(), p.event)) {
            try {
                handler.handle(
                        p.event,
                        new ConsumedRecord(
                                r.getTopic(),
                                r.getPartition(),
                                r.getOffset(),
                                r.getKey(),
                                header(r, TraceParent.HEADER)));
            } catch (RuntimeException e) {
                span.failed(e);
                throw e;
            }
        }
    }

    /**
     * Nacks the record alone: the channel's dead-letter-queue strategy publishes it with our headers and acks it
     * once the broker has it. Retried with back-off while that fails (the batch stays unacknowledged, so nothing
     * after it is committed); false when the service stops first.
     */
    private boolean deadLetter(String group, IncomingKafkaRecord<String, byte[]> r, Throwable cause) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                "dlq_error", bytes(cause == null ? "unknown" : cause.getClass().getName() + ": " + cause.getMessage()));
        headers.add("dlq_consumer", bytes(group));
        headers.add("dlq_source", bytes(r.getTopic() + "/" + r.getPartition() + "/" + r.getOffset()));
        Metadata metadata = Metadata.of(
                OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
        Throwable reason = cause == null ? new IllegalStateException("unknown") : cause;
        Duration backoff = Duration.ofMillis(500);
        while (!stopping) {
            try {
                r.nack(reason, metadata).toCompletableFuture().get(DEAD_LETTER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                count(group, "dead_lettered", 1);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                LOG.warnf(
                        "consumer %s: could not dead-letter %s/%d/%d (%s); retrying in %d ms",
                        group, r.getTopic(), r.getPartition(), r.getOffset(), e.toString(), backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                        ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            }
        }
        return false;
    }

    /**
     * A failure of the database rather than of the event (connection refused or lost, server shutting down): such an
     * event is retried until the database is back, never dead-lettered.
     */
    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLRecoverableException
                    || t instanceof java.net.ConnectException
                    || t instanceof java.net.SocketException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true; // connection exception; operator intervention (admin shutdown, cannot connect now)
            }
        }
        return false;
    }

    /**
     * Records per poll batch of each consumer ({@code gatehouse_events_batch_size{consumer}}: count = batches, sum =
     * records): what one transaction, one processed-event insert and one poll are spread over.
     */
    private DistributionSummary batchSize(String group) {
        return DistributionSummary.builder("gatehouse.events.batch.size")
                .description("Records per poll batch a consumer applied")
                .tag("consumer", group)
                .register(meters);
    }

    private void count(String group, String result, int n) {
        meters.counter("gatehouse.events.consumed", "consumer", group, "result", result)
                .increment(n);
    }

    private record Parsed(IncomingKafkaRecord<String, byte[]> record, GatehouseEvent event, RuntimeException invalid) {}

    private static String header(KafkaRecord<?, ?> r, String name) {
        Header h = r.getHeaders().lastHeader(name);
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
