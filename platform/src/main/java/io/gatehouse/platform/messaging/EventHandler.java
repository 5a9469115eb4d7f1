package io.gatehouse.platform.messaging;

import io.gatehouse.events.GatehouseEvent;

import java.util.List;
import java.util.Set;

/**
 * A consumer of Gatehouse events. Implement as an {@code @ApplicationScoped} bean; {@link EventConsumerRunner}
 * finds it, subscribes a consumer group {@code <service>.<name>} to its topics and calls {@link #handle} inside a
 * transaction that also records the event id, so each event has exactly one effect. Throw to refuse an event:
 * after the configured attempts it goes to the topic's dead-letter topic. Never swallow a failure.
 */
public interface EventHandler {
    /** A stable name: part of the consumer group and of the processed-event log key. */
    String name();

    Set<String> topics();

    void handle(GatehouseEvent event, ConsumedRecord record);

    /**
     * Called once per transaction, before the first {@link #handle}, with the events about to be handled in
     * it (in order, duplicates and already-processed events left out): a handler may load, or lock, what the
     * whole batch needs in one query. Runs in the same transaction as the handling, so what it loads stays
     * locked until the batch commits. Throwing fails the transaction like a failing {@code handle}. Does
     * nothing by default.
     */
    default void beforeBatch(List<GatehouseEvent> events) {
    }
}
