package io.gatehouse.platform.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.commit.ContextHolder;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The channels' commit strategy ({@code commit-strategy=prompt}): like the connector's {@code latest}, acknowledged
 * records' offsets are committed with {@code commitAsync} on the consumer's polling thread, never one lower than
 * already committed; at most one commit goes out per {@value #COMMIT_INTERVAL_MS} ms, carrying the highest offset
 * acknowledged per partition, and an acknowledgement that comes sooner is committed by a timer at the end of that
 * interval. When a commit has not started {@value #WAKE_AFTER_MS} ms after it was asked for, because it waits behind
 * a poll in progress, the consumer is woken so the commit runs at once.
 *
 * <p>Without the wake-up an acknowledged batch stays uncommitted until the idle poll returns, up to the channel's
 * {@code poll-timeout}; that is why the timeout had been cut to 200 ms, at 3-4 ms of CPU per second per consuming
 * service while idle (ADR 0001). With it the connector's 1 s default costs the commit at most
 * {@value #WAKE_AFTER_MS} ms. Under load the polling thread is free within a few ms (a poll with records returns at
 * once, a paused consumer polls without waiting), the commit starts in time and nobody is woken.
 *
 * <p>The interval matters when events trickle in one per poll batch (a first-time login's {@code UserProvisioned},
 * a login's {@code LoginSucceeded}): each batch was its own commit request, a broker append to
 * {@code __consumer_offsets}, and a timer and often a wake-up on the consumer's side (ADR 0029). An idle consumer
 * runs no timer, and a first acknowledgement after a quiet interval is committed at once. What the interval can
 * leave uncommitted at a crash or a rebalance is at most its last {@value #COMMIT_INTERVAL_MS} ms of applied
 * records, redelivered and skipped by the processed-event log, as an uncommitted batch always was.
 *
 * <p>A poll that was waiting ends with a {@code WakeupException}, which the connector's poll loop turns into an empty
 * poll; the queued commit runs next, then the next poll. A wake-up that finds no poll in progress (the commit started
 * just after the check) is kept by the consumer for its next call that can throw it: on the polling thread that is
 * the next {@code poll} ({@code commitAsync}, {@code pause}, {@code resume} and {@code assignment} never throw it),
 * which then returns empty. PlatformTest checks the commit's promptness, the interval and that nothing is lost.
 */
public class PromptCommit extends ContextHolder implements KafkaCommitHandler {
    public static final String NAME = "prompt";
    static final long WAKE_AFTER_MS = 25;
    public static final long COMMIT_INTERVAL_MS = 100;
    private static final Logger LOG = Logger.getLogger(PromptCommit.class);

    private final KafkaConsumer<?, ?> consumer;
    // read and written on the channel's context only: the highest offset acknowledged and committed per partition,
    // when the last commit went out, and whether a timer will commit what is acknowledged meanwhile
    private final Map<TopicPartition, Long> acknowledged = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private long lastCommitNanos;
    private boolean commitScheduled;

    @ApplicationScoped
    @Identifier(NAME)
    public static class Factory implements KafkaCommitHandler.Factory {
        @Override
        public PromptCommit create(
                KafkaConnectorIncomingConfiguration config,
                Vertx vertx,
                KafkaConsumer<?, ?> consumer,
                BiConsumer<Throwable, Boolean> reportFailure) {
            int timeout = config.config()
                    .getOptionalValue(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.class)
                    .orElse(60000);
            return new PromptCommit(vertx, timeout, consumer);
        }
    }

    PromptCommit(Vertx vertx, int timeout, KafkaConsumer<?, ?> consumer) {
        super(vertx, timeout);
        this.consumer = consumer;
        this.lastCommitNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(COMMIT_INTERVAL_MS);
    }

    @Override
    public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
        runOnContext(() -> {
            acknowledged.merge(
                    new TopicPartition(record.getTopic(), record.getPartition()), record.getOffset() + 1, Math::max);
            if (commitScheduled) {
                return;
            }
            long waitMs = COMMIT_INTERVAL_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastCommitNanos);
            if (waitMs <= 0) {
                commitAcknowledged();
            } else {
                commitScheduled = true;
                vertx.setTimer(waitMs, id -> {
                    commitScheduled = false;
                    commitAcknowledged();
                });
            }
        });
        return Uni.createFrom().voidItem().runSubscriptionOn(record::runOnMessageContext);
    }

    private void commitAcknowledged() {
        Map<TopicPartition, OffsetAndMetadata> due = new HashMap<>();
        acknowledged.forEach((partition, next) -> {
            Long last = committed.get(partition);
            if (last == null || last < next) {
                due.put(partition, new OffsetAndMetadata(next));
                committed.put(partition, next);
            }
        });
        if (due.isEmpty()) {
            return;
        }
        lastCommitNanos = System.nanoTime();
        AtomicBoolean started = new AtomicBoolean();
        consumer.runOnPollingThread(c -> {
                    started.set(true);
                    c.commitAsync(due, (offsets, failure) -> {
                        if (failure != null) {
                            LOG.warnf("could not commit offsets %s: %s", due, failure.toString());
                        }
                    });
                })
                .subscribe()
                .with(ignored -> {}, failure -> LOG.warnf("could not commit offsets %s: %s", due, failure.toString()));
        vertx.setTimer(WAKE_AFTER_MS, id -> {
            if (!started.get()) {
                consumer.unwrap().wakeup();
            }
        });
    }
}
