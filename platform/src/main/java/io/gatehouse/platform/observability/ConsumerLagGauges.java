package io.gatehouse.platform.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code gatehouse.consumer.lag{consumer,topic,partition}}: how many records of each partition assigned to this
 * replica's consumer are still behind the partition's end (the last stable offset: consumers read committed),
 * as the consumer itself saw it at its last poll ({@link Consumer#currentLag}, no extra broker round trip).
 * A partition's gauge exists while the partition is assigned here; summing over replicas gives the group's lag.
 */
public final class ConsumerLagGauges {
    public static final String NAME = "gatehouse.consumer.lag";

    private final MeterRegistry meters;
    private final String group;
    private final Map<TopicPartition, Entry> gauges = new ConcurrentHashMap<>();

    public ConsumerLagGauges(MeterRegistry meters, String group) {
        this.meters = meters;
        this.group = group;
    }

    /** Call on the consumer's thread after each poll. */
    public void update(Consumer<?, ?> consumer) {
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                gauges.computeIfAbsent(tp, this::register).value.set(lag.getAsLong());
            }
        }
    }

    /** The partitions left this consumer (rebalance, or lost): their gauges go, another replica reports them. */
    public void remove(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            Entry e = gauges.remove(tp);
            if (e != null) {
                meters.remove(e.gauge);
            }
        }
    }

    public void removeAll() {
        remove(java.util.List.copyOf(gauges.keySet()));
    }

    private Entry register(TopicPartition tp) {
        AtomicLong value = new AtomicLong();
        Gauge gauge = Gauge.builder(NAME, value, AtomicLong::get)
                .description("records behind the end of the partition, per consumer group and assigned partition")
                .tags("consumer", group, "topic", tp.topic(), "partition", Integer.toString(tp.partition()))
                .register(meters);
        return new Entry(value, gauge);
    }

    private record Entry(AtomicLong value, Gauge gauge) {
    }
}
