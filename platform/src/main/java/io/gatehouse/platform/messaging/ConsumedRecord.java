package io.gatehouse.platform.messaging;

/** Where an event came from. */
public record ConsumedRecord(String topic, int partition, long offset, String key, String traceParent) {}
