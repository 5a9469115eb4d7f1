package io.gatehouse.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testsupport.Kafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The revocation feed's lag comes from its fetch responses, so an idle feed sends no request of its own to learn
 * whether it is behind (ADR 0023): unknown until every partition has had a response, then exactly the records not
 * read yet, on a real broker with the feed's {@code read_committed}.
 */
class FetchedLagTest {

    @Test
    void theLagIsUnknownBeforeTheFirstFetchAndThenCountsTheRecordsNotReadYet() throws Exception {
        String bootstrap = Kafka.get().bootstrapServers();
        String topic = "fetched-lag-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "60000"); // each partition's records leave as one batch, at flush()
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, new byte[] {1}));
            }
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(topic, 1, "k" + i, new byte[] {1}));
            }
            producer.flush();
        }
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "3");
        cp.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5000");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            assertEquals(-1, RevokedTokens.fetchedLag(consumer, partitions), "no fetch response yet: unknown");
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read < 14 && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(500)).count();
                long lag = RevokedTokens.fetchedLag(consumer, partitions);
                if (lag >= 0) {
                    assertEquals(14 - read, lag, "the records not read yet, after " + read);
                }
            }
            assertEquals(14, read);
            assertEquals(0, RevokedTokens.fetchedLag(consumer, partitions), "caught up");
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(topic, 1, "late" + i, new byte[] {1}));
                }
                producer.flush();
            }
            // the waiting fetch is answered by the new records; its response carries the partition's new end
            int late = 0;
            while (late == 0 && System.nanoTime() < deadline) {
                late = consumer.poll(Duration.ofMillis(500)).count();
            }
            assertTrue(late > 0 && late <= 3, "one poll returns at most max.poll.records: " + late);
            assertEquals(5 - late, RevokedTokens.fetchedLag(consumer, partitions), "behind the new end");
        }
    }
}
