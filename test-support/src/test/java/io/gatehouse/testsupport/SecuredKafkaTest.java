package io.gatehouse.testsupport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secured broker at the Kafka client level: SASL_SSL with SCRAM-SHA-512, and each service's user limited to the
 * topics and consumer groups its {@code KafkaUser} manifest lists.
 */
class SecuredKafkaTest {
    private static SecuredKafka kafka;

    @BeforeAll
    static void broker() {
        kafka = SecuredKafka.get();
    }

    @Test
    void theBrokerHoldsExactlyTheAclsOfTheKafkaUserManifests() {
        Map<String, Set<String>> declared = new TreeMap<>();
        StrimziManifests.kafkaUserAcls()
                .forEach((service, acls) -> declared.put(
                        service,
                        acls.stream().map(StrimziManifests::describe).collect(Collectors.toCollection(TreeSet::new))));
        assertEquals(Set.of("directory-service", "sso-service", "user-service"), declared.keySet());
        assertTrue(declared.get("user-service").contains("group:user-service.members:Read"), declared.toString());
        assertEquals(declared, new TreeMap<>(kafka.describeAcls()));
    }

    @Test
    void aServiceWritesItsTopicAndReadsItsInputWithItsOwnConsumerGroup() throws Exception {
        String key = "acme:" + UUID.randomUUID();
        // sso-service's outbox relay writes gatehouse.sso.logins.v1; user-service's handler consumes it as
        // user-service.logins
        send(kafka.clientConfig("sso-service"), Topics.SSO_LOGINS, key);
        try (KafkaConsumer<String, String> consumer =
                consumer(kafka.clientConfig("user-service"), "user-service.logins")) {
            consumer.subscribe(List.of(Topics.SSO_LOGINS));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.stream().noneMatch(r -> r.key().equals(key)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            assertTrue(seen.stream().anyMatch(r -> r.key().equals(key)), "user-service read its login event");
            consumer.commitSync();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(consumer.assignment());
            assertTrue(committed.values().stream().anyMatch(o -> o != null && o.offset() > 0), committed.toString());
        }
        // and user-service's relay writes its own topics, and a poison record to its handler's dead-letter topic
        send(kafka.clientConfig("user-service"), Topics.USERS, key);
        send(kafka.clientConfig("user-service"), Topics.deadLetter(Topics.SSO_LOGINS), key);
    }

    @Test
    void aServiceIsRefusedWritingAnotherServicesTopic() {
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> send(kafka.clientConfig("user-service"), Topics.SSO_LOGINS, "acme:forged"));
        assertInstanceOf(TopicAuthorizationException.class, e.getCause());
        assertEquals(Set.of(Topics.SSO_LOGINS), ((TopicAuthorizationException) e.getCause()).unauthorizedTopics());
        // sso-service may read gatehouse.users.v1 but never write it (only user-service produces users)
        e = assertThrows(
                ExecutionException.class, () -> send(kafka.clientConfig("sso-service"), Topics.USERS, "acme:forged"));
        assertInstanceOf(TopicAuthorizationException.class, e.getCause());
    }

    @Test
    void aServiceIsRefusedReadingAnotherServicesTopic() {
        // directory-service consumes nothing but the revocation feed on gatehouse.users.v1
        try (KafkaConsumer<String, String> consumer = consumer(kafka.clientConfig("directory-service"), null)) {
            consumer.assign(List.of(new TopicPartition(Topics.SSO_LOGINS, 0)));
            consumer.seekToBeginning(consumer.assignment());
            TopicAuthorizationException e =
                    assertThrows(TopicAuthorizationException.class, () -> consumer.poll(Duration.ofSeconds(10)));
            assertEquals(Set.of(Topics.SSO_LOGINS), e.unauthorizedTopics());
        }
    }

    @Test
    void aServiceIsRefusedAnotherServicesConsumerGroup() {
        // user-service may read gatehouse.users.v1 (revocation feed), but not as sso-service's consumer group
        try (KafkaConsumer<String, String> consumer =
                consumer(kafka.clientConfig("user-service"), "sso-service.users")) {
            consumer.subscribe(List.of(Topics.USERS));
            GroupAuthorizationException e =
                    assertThrows(GroupAuthorizationException.class, () -> consumer.poll(Duration.ofSeconds(10)));
            assertEquals("sso-service.users", e.groupId());
        }
    }

    @Test
    void aWrongPasswordFailsAuthenticationWithAClearError() {
        Map<String, Object> config = kafka.clientConfig("user-service", "not-" + kafka.password("user-service"));
        try (Admin admin = Admin.create(config)) {
            ExecutionException e = assertThrows(
                    ExecutionException.class,
                    () -> admin.describeCluster().clusterId().get());
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());
            assertEquals(
                    "Authentication failed during authentication due to invalid credentials with SASL mechanism "
                            + SecuredKafka.SCRAM_SHA_512,
                    e.getCause().getMessage());
        }
    }

    @Test
    void aClientThatDoesNotTrustTheBrokersCaFailsTheTlsHandshake() {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig("user-service"));
        config.remove(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG);
        config.remove(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        config.remove(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG);
        try (Admin admin = Admin.create(config)) {
            ExecutionException e = assertThrows(
                    ExecutionException.class,
                    () -> admin.describeCluster().clusterId().get());
            assertInstanceOf(SslAuthenticationException.class, e.getCause());
        }
    }

    @Test
    void theServicesConfigurationUsesTheDeploymentsKafkaKeysAndAPemTrustStore() {
        Map<String, String> config = kafka.quarkusConfig("sso-service");
        assertEquals(
                Set.of(
                        "kafka.bootstrap.servers",
                        "kafka.security.protocol",
                        "kafka.sasl.mechanism",
                        "kafka.sasl.jaas.config",
                        "kafka.ssl.truststore.type",
                        "kafka.ssl.truststore.certificates"),
                config.keySet());
        assertTrue(config.get("kafka.ssl.truststore.certificates").startsWith("-----BEGIN CERTIFICATE-----"));
        // the same settings work for a plain Kafka client (the PEM trust store included)
        Map<String, Object> client = new HashMap<>();
        config.forEach((k, v) -> client.put(k.substring("kafka.".length()), v));
        assertFalse(client.containsKey(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG));
        assertDoesNotThrow(() -> send(client, Topics.SSO_LOGINS, "acme:pem"));
    }

    private static void send(Map<String, Object> config, String topic, String key)
            throws ExecutionException, InterruptedException {
        Map<String, Object> p = new HashMap<>(config);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, "{}")).get();
        }
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> config, String group) {
        Map<String, Object> p = new HashMap<>(config);
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }
}
