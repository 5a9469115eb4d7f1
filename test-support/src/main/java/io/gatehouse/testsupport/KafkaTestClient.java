package io.gatehouse.testsupport;

import io.gatehouse.events.CloudEventHeaders;
import io.gatehouse.events.EventJson;
import io.gatehouse.events.GatehouseEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces events as the services do (JSON value, CloudEvents headers) and reads topics back for assertions. */
public final class KafkaTestClient implements AutoCloseable {
    private final Map<String, Object> connection;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaTestClient() {
        this(Kafka.get().bootstrapServers());
    }

    public KafkaTestClient(String bootstrap) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** A client with these connection settings (bootstrap, security), e.g. {@link SecuredKafka#adminConfig()}. */
    public KafkaTestClient(Map<String, Object> connection) {
        this.connection = Map.copyOf(connection);
        Properties p = new Properties();
        p.putAll(connection);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes an event on its topic with its key and CloudEvents headers, and waits for the ack. */
    public void publish(GatehouseEvent event) {
        publish(event.topic(), event, null);
    }

    /**
     * Publishes an event on {@code topic} as a service's outbox relay does, with a W3C {@code traceparent} header
     * when one is given (see {@link TraceIds}), and waits for the ack.
     */
    public void publish(String topic, GatehouseEvent event, String traceParent) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.key(), EventJson.toBytes(event));
        CloudEventHeaders.toHeaders(event, "/gatehouse/test").forEach(record.headers()::add);
        if (traceParent != null) {
            record.headers().add("traceparent", traceParent.getBytes(StandardCharsets.UTF_8));
        }
        send(record);
    }

    /**
     * Publishes events in one burst, without waiting for each ack (order per key is kept, the producer being
     * idempotent), then waits for all acks: a consumer then sees them in large poll batches.
     */
    public void publishAll(List<? extends GatehouseEvent> events) {
        List<Future<?>> sent = new ArrayList<>(events.size());
        for (GatehouseEvent event : events) {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(event.topic(), event.key(), EventJson.toBytes(event));
            CloudEventHeaders.toHeaders(event, "/gatehouse/test").forEach(record.headers()::add);
            sent.add(producer.send(record));
        }
        producer.flush();
        for (Future<?> f : sent) {
            await(f);
        }
    }

    /**
     * Publishes events in one Kafka transaction: a {@code read_committed} consumer sees none of them until the
     * commit, then all of them at once, so it is behind by the whole list however fast it reads.
     */
    public void publishAllAtOnce(List<? extends GatehouseEvent> events) {
        Properties p = new Properties();
        p.putAll(connection);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "gatehouse-test-" + UUID.randomUUID());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> tx =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            tx.initTransactions();
            tx.beginTransaction();
            for (GatehouseEvent event : events) {
                ProducerRecord<String, byte[]> record =
                        new ProducerRecord<>(event.topic(), event.key(), EventJson.toBytes(event));
                CloudEventHeaders.toHeaders(event, "/gatehouse/test").forEach(record.headers()::add);
                tx.send(record);
            }
            tx.commitTransaction(); // flushes, then makes every record visible together
        }
    }

    /** Publishes arbitrary bytes (poison messages). */
    public void publishRaw(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        await(producer.send(record));
    }

    private static void await(Future<?> ack) {
        try {
            ack.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Every record currently on the topic (all partitions, from the beginning), waiting up to {@code wait} for more. */
    public List<ConsumerRecord<String, byte[]>> records(String topic, Duration wait) {
        return records(topic, wait, r -> true, Integer.MAX_VALUE);
    }

    /**
     * Reads the topic from the beginning until {@code atLeast} records match the predicate or {@code wait} has
     * passed; returns the matching records in partition order.
     */
    public List<ConsumerRecord<String, byte[]>> records(
            String topic, Duration wait, Predicate<ConsumerRecord<String, byte[]>> match, int atLeast) {
        Properties p = new Properties();
        p.putAll(connection);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline && out.size() < atLeast) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(r)) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    /** The events on a topic for which the predicate holds, waiting until at least {@code atLeast} arrived. */
    public List<GatehouseEvent> events(String topic, Duration wait, Predicate<GatehouseEvent> match, int atLeast) {
        return records(
                        topic,
                        wait,
                        r -> {
                            try {
                                return match.test(EventJson.fromBytes(r.value()));
                            } catch (RuntimeException e) {
                                return false;
                            }
                        },
                        atLeast)
                .stream()
                .map(r -> EventJson.fromBytes(r.value()))
                .collect(Collectors.toList());
    }

    /** End offsets summed over partitions: how many records the topic holds. */
    public long size(String topic) {
        Properties p = new Properties();
        p.putAll(connection);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            return ends.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
