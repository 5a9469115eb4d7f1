package io.gatehouse.platform.messaging;

import io.gatehouse.events.GatehouseEvent;

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
}
