package io.gatehouse.platform.messaging;

import io.gatehouse.events.GatehouseEvent;
import java.util.List;

/**
 * A consumer of Gatehouse events. Implement as an {@code @ApplicationScoped} bean with one Quarkus Messaging
 * method per channel that hands each poll batch to {@link EventBatches}:
 * <pre>
 * &#64;Incoming("members")
 * &#64;Blocking
 * public CompletionStage&lt;Void&gt; consume(KafkaRecordBatch&lt;String, byte[]&gt; batch) {
 *     return batches.apply(this, batch);
 * }
 * </pre>
 * The channel {@code mp.messaging.incoming.<name>} names the topic, the consumer group
 * {@code <gatehouse.service-name>.<name>} and the dead-letter topic {@code <topic>.dlq}; the platform's
 * {@code META-INF/microprofile-config.properties} gives every channel its batch, commit and failure settings.
 * {@link #handle} runs inside a transaction that also records the event id, so each event has exactly one effect.
 * Throw to refuse an event: after the configured attempts it goes to the topic's dead-letter topic. Never swallow
 * a failure.
 */
public interface EventHandler {
    /**
     * A stable name: the channel's name, the last part of its consumer group and of the processed-event log key
     * ({@code <service>.<name>}).
     */
    String name();

    void handle(GatehouseEvent event, ConsumedRecord record);

    /**
     * Called once per transaction, before the first {@link #handle}, with the events about to be handled in
     * it (in order, duplicates and already-processed events left out): a handler may load, or lock, what the
     * whole batch needs in one query. Runs in the same transaction as the handling, so what it loads stays
     * locked until the batch commits. Throwing fails the transaction like a failing {@code handle}. Does
     * nothing by default.
     */
    default void beforeBatch(List<GatehouseEvent> events) {}
}
