package io.gatehouse.testsupport;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Waits until a consumer group has committed every record of a topic (its effects are then durable). */
public final class ConsumerLag {
    private ConsumerLag() {}

    /** On the test JVM's broker ({@link Kafka#get()}). */
    public static long awaitCaughtUp(String group, String topic, Duration wait) {
        return awaitCaughtUp(Kafka.get().bootstrapServers(), group, topic, wait);
    }

    /** Polls every 50 ms until the lag is zero; returns the last lag seen (0 when caught up). */
    public static long awaitCaughtUp(String bootstrap, String group, String topic, Duration wait) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            AtomicLong lag = new AtomicLong(lag(admin, group, topic));
            try {
                Awaitility.await()
                        .atMost(wait)
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> {
                            lag.set(lag(admin, group, topic));
                            return lag.get() == 0;
                        });
            } catch (ConditionTimeoutException e) {
                // the caller asserts on the last lag seen
            }
            return lag.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public static long lag(Admin admin, String group, String topic) throws ExecutionException, InterruptedException {
        var partitions = admin.describeTopics(java.util.List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(info -> latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        long lag = 0;
        for (var end : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(end.getKey());
            lag += end.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }
}
