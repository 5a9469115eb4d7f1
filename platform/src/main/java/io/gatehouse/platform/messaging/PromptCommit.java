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
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
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
 * leave uncommitted at a crash is at most its last {@value #COMMIT_INTERVAL_MS} ms of applied
 * records, redelivered and skipped by the processed-event log, as an uncommitted batch always was.
 *
 * <p>A poll that was waiting ends with a {@code WakeupException}, which the connector's poll loop turns into an empty
 * poll; the queued commit runs next, then the next poll. A wake-up that finds no poll in progress (the commit started
 * just after the check) is kept by the consumer for its next call that can throw it: on the polling thread that is
 * the next {@code poll} ({@code commitAsync}, {@code pause}, {@code resume} and {@code assignment} never throw it),
 * which then returns empty. PlatformTest checks the commit's promptness, the interval and that nothing is lost.
 *
 * <p>What the interval still holds back is committed before the consumer lets go of it (ADR 0031): when partitions
 * are revoked in a rebalance, their acknowledged offsets are committed synchronously in the rebalance callback,
 * before another consumer of the group starts from the committed position, and acknowledgements of those partitions
 * that arrive afterwards (a batch that was being applied) are dropped rather than committed over the new owner's;
 * when the channel stops, everything acknowledged is committed before the consumer is closed. A commit the group
 * refuses while it rebalances is asked for again after the interval. PromptCommitTest checks all three.
 */
public class PromptCommit extends ContextHolder implements KafkaCommitHandler {
    public static final String NAME = "prompt";
    static final long WAKE_AFTER_MS = 25;
    public static final long COMMIT_INTERVAL_MS = 100;
    // how long a synchronous commit (a revoked partition's, the last one at a stop) may take: with the broker away a
    // stop or a rebalance waits this long, not the client's default.api.timeout.ms (60 s)
    static final Duration SYNC_COMMIT_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(PromptCommit.class);

    private final KafkaConsumer<?, ?> consumer;
    // read and written on the channel's context only: the highest offset acknowledged and committed per partition,
    // when the last commit went out, and whether a timer will commit what is acknowledged meanwhile
    private final Map<TopicPartition, Long> acknowledged = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    // partitions revoked from this consumer and not assigned again: their late acknowledgements are not committed
    private final Set<TopicPartition> revoked = new HashSet<>();
    private long lastCommitNanos;
    private boolean commitScheduled;
    private long timerId = -1;
    private boolean stopped;

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
        runOnContext(
                () -> acknowledge(new TopicPartition(record.getTopic(), record.getPartition()), record.getOffset()));
        return Uni.createFrom().voidItem().runSubscriptionOn(record::runOnMessageContext);
    }

    /** On the channel's context: the record at {@code offset} of {@code partition} is applied. */
    void acknowledge(TopicPartition partition, long offset) {
        if (stopped || revoked.contains(partition)) {
            return;
        }
        acknowledged.merge(partition, offset + 1, Math::max);
        if (commitScheduled) {
            return;
        }
        long waitMs = COMMIT_INTERVAL_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastCommitNanos);
        if (waitMs <= 0) {
            commitAcknowledged();
        } else {
            scheduleCommit(waitMs);
        }
    }

    private void scheduleCommit(long waitMs) {
        commitScheduled = true;
        timerId = vertx.setTimer(waitMs, id -> {
            commitScheduled = false;
            timerId = -1;
            commitAcknowledged();
        });
    }

    /**
     * On the polling thread, in the rebalance callback: the revoked partitions' acknowledged offsets not yet committed
     * are committed now, synchronously, so the partitions' next owner starts after them.
     */
    @Override
    public void partitionsRevoked(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> due = runOnContextAndAwait(() -> {
            revoked.addAll(partitions);
            Map<TopicPartition, OffsetAndMetadata> offsets = takeDue(partitions);
            partitions.forEach(p -> {
                acknowledged.remove(p);
                committed.remove(p);
            });
            return offsets;
        });
        commitSync(consumer.unwrap(), due, "of revoked partitions");
    }

    @Override
    public void partitionsAssigned(Collection<TopicPartition> partitions) {
        runOnContextAndAwait(() -> revoked.removeAll(partitions));
    }

    /** When the channel stops, before its consumer is closed: everything acknowledged is committed. */
    @Override
    public void terminate(boolean graceful) {
        Map<TopicPartition, OffsetAndMetadata> due = runOnContextAndAwait(() -> {
            // the consumer closes next: what is acknowledged from now on is delivered again after the restart
            stopped = true;
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
                timerId = -1;
                commitScheduled = false;
            }
            return takeDue(acknowledged.keySet());
        });
        if (due.isEmpty()) {
            return;
        }
        try {
            Uni<Void> commit = consumer.runOnPollingThread(c -> {
                commitSync(c, due, "at shutdown");
            });
            // the commit queues behind the poll in progress: end that poll rather than wait out its timeout
            consumer.unwrap().wakeup();
            commit.await().atMost(SYNC_COMMIT_TIMEOUT.plusSeconds(1));
        } catch (RuntimeException e) {
            LOG.warnf("could not commit offsets %s at shutdown: %s", due, e.toString());
        }
    }

    private static void commitSync(Consumer<?, ?> c, Map<TopicPartition, OffsetAndMetadata> due, String when) {
        if (due.isEmpty()) {
            return;
        }
        try {
            try {
                c.commitSync(due, SYNC_COMMIT_TIMEOUT);
            } catch (WakeupException e) {
                // the wake-up of a commit asked for just before (WAKE_AFTER_MS) was kept for this call: once more
                c.commitSync(due, SYNC_COMMIT_TIMEOUT);
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not commit offsets %s %s: %s", due, when, e.toString());
        }
    }

    /** On the channel's context: the acknowledged offsets of {@code partitions} above the committed ones. */
    private Map<TopicPartition, OffsetAndMetadata> takeDue(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> due = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long next = acknowledged.get(partition);
            Long last = committed.get(partition);
            if (next != null && (last == null || last < next)) {
                due.put(partition, new OffsetAndMetadata(next));
                committed.put(partition, next);
            }
        }
        return due;
    }

    private void commitAcknowledged() {
        Map<TopicPartition, OffsetAndMetadata> due = takeDue(acknowledged.keySet());
        if (due.isEmpty()) {
            return;
        }
        lastCommitNanos = System.nanoTime();
        AtomicBoolean started = new AtomicBoolean();
        consumer.runOnPollingThread(c -> {
                    started.set(true);
                    c.commitAsync(due, (offsets, failure) -> {
                        if (failure != null) {
                            runOnContext(() -> failed(due, failure));
                        }
                    });
                })
                .subscribe()
                .with(ignored -> {}, failure -> runOnContext(() -> failed(due, failure)));
        vertx.setTimer(WAKE_AFTER_MS, id -> {
            if (!started.get()) {
                consumer.unwrap().wakeup();
            }
        });
    }

    /**
     * On the channel's context: a commit failed. Its offsets are no longer taken as committed (unless a later commit
     * covered them, or the partition was revoked), so the next commit carries them again; a commit refused while the
     * group rebalances, or for another retriable cause, is asked for again after the interval rather than waiting for
     * the next acknowledgement, which an idle partition may never get (its lag would show and its last records be
     * delivered again after a restart).
     */
    private void failed(Map<TopicPartition, OffsetAndMetadata> due, Throwable failure) {
        boolean outstanding = false;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : due.entrySet()) {
            TopicPartition partition = e.getKey();
            if (!revoked.contains(partition)
                    && Long.valueOf(e.getValue().offset()).equals(committed.get(partition))) {
                committed.remove(partition);
                outstanding = true;
            }
        }
        boolean retriable = failure instanceof RebalanceInProgressException || failure instanceof RetriableException;
        if (!retriable) {
            LOG.warnf("could not commit offsets %s: %s", due, failure.toString());
            return;
        }
        LOG.debugf("commit of %s refused (%s): asked again in %d ms", due, failure, COMMIT_INTERVAL_MS);
        if (outstanding && !commitScheduled) {
            scheduleCommit(COMMIT_INTERVAL_MS);
        }
    }
}
