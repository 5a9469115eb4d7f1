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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The channels' commit strategy ({@code commit-strategy=prompt}): like the connector's {@code latest}, each
 * acknowledged record's offset is committed with {@code commitAsync} on the consumer's polling thread, unless a
 * higher one was already; and when that commit has not started {@value #WAKE_AFTER_MS} ms later, because it waits
 * behind a poll in progress, the consumer is woken so the commit runs at once.
 *
 * <p>Without the wake-up an acknowledged batch stays uncommitted until the idle poll returns, up to the channel's
 * {@code poll-timeout}; that is why the timeout had been cut to 200 ms, at 3-4 ms of CPU per second per consuming
 * service while idle (ADR 0001). With it the connector's 1 s default costs the commit at most
 * {@value #WAKE_AFTER_MS} ms. Under load the polling thread is free within a few ms (a poll with records returns at
 * once, a paused consumer polls without waiting), the commit starts in time and nobody is woken.
 *
 * <p>A poll that was waiting ends with a {@code WakeupException}, which the connector's poll loop turns into an empty
 * poll; the queued commit runs next, then the next poll. A wake-up that finds no poll in progress (the commit started
 * just after the check) is kept by the consumer for its next call that can throw it: on the polling thread that is
 * the next {@code poll} ({@code commitAsync}, {@code pause}, {@code resume} and {@code assignment} never throw it),
 * which then returns empty. PlatformTest checks the commit's promptness and that nothing is lost.
 */
public class PromptCommit extends ContextHolder implements KafkaCommitHandler {
    public static final String NAME = "prompt";
    static final long WAKE_AFTER_MS = 25;
    private static final Logger LOG = Logger.getLogger(PromptCommit.class);

    private final KafkaConsumer<?, ?> consumer;
    // the highest offset committed per partition; read and written on the channel's context only
    private final Map<TopicPartition, Long> offsets = new HashMap<>();

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
    }

    @Override
    public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
        runOnContext(() -> {
            TopicPartition partition = new TopicPartition(record.getTopic(), record.getPartition());
            long next = record.getOffset() + 1;
            Long last = offsets.get(partition);
            if (last == null || last < next) {
                offsets.put(partition, next);
                commit(partition, next);
            }
        });
        return Uni.createFrom().voidItem().runSubscriptionOn(record::runOnMessageContext);
    }

    private void commit(TopicPartition partition, long next) {
        AtomicBoolean started = new AtomicBoolean();
        consumer.runOnPollingThread(c -> {
                    started.set(true);
                    c.commitAsync(Map.of(partition, new OffsetAndMetadata(next)), (committed, failure) -> {
                        if (failure != null) {
                            LOG.warnf("could not commit offset %d of %s: %s", next, partition, failure.toString());
                        }
                    });
                })
                .subscribe()
                .with(
                        ignored -> {},
                        failure ->
                                LOG.warnf("could not commit offset %d of %s: %s", next, partition, failure.toString()));
        vertx.setTimer(WAKE_AFTER_MS, id -> {
            if (!started.get()) {
                consumer.unwrap().wakeup();
            }
        });
    }
}
