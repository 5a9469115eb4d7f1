package io.gatehouse.users.support;

import io.gatehouse.events.EventJson;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.Topics;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.events.UserRestored;
import io.gatehouse.events.UserRevoked;
import io.gatehouse.events.UserRoleChanged;
import io.gatehouse.testsupport.Kafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the lifecycle events of one user from {@code gatehouse.users.v1}. A user's events share a key, hence a
 * partition, and the outbox relay publishes them in commit order: reading until a known final event arrives
 * therefore shows every event published before it, so "exactly these events" can be asserted without timing.
 */
public final class UserTopic {
    private UserTopic() {}

    public static String userId(GatehouseEvent e) {
        if (e instanceof UserProvisioned p) {
            return p.userId();
        }
        if (e instanceof UserRoleChanged r) {
            return r.userId();
        }
        if (e instanceof UserRevoked r) {
            return r.userId();
        }
        if (e instanceof UserRestored r) {
            return r.userId();
        }
        return null;
    }

    /** The user's events in order, up to and including the first one for which {@code last} holds. */
    public static List<GatehouseEvent> until(String userId, Predicate<GatehouseEvent> last) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.get().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "user-topic-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<GatehouseEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.USERS));
            long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    GatehouseEvent e = EventJson.fromBytes(r.value());
                    if (userId.equals(userId(e))) {
                        out.add(e);
                        if (last.test(e)) {
                            return out;
                        }
                    }
                }
            }
        }
        throw new AssertionError("no final event for user " + userId + " on " + Topics.USERS + "; saw " + types(out));
    }

    /** The user's events up to the {@code n}-th one of {@code type}. */
    public static List<GatehouseEvent> untilNth(String userId, String type, int n) {
        int[] seen = {0};
        return until(userId, e -> e.eventType().equals(type) && ++seen[0] == n);
    }

    public static List<String> types(List<GatehouseEvent> events) {
        return events.stream().map(GatehouseEvent::eventType).toList();
    }
}
