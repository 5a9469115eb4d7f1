package io.gatehouse.testsupport;

import io.gatehouse.localstack.KafkaBroker;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker per test JVM: a KRaft broker process (restartable, for outage tests) by default; an
 * external cluster when {@code GATEHOUSE_TEST_KAFKA_BOOTSTRAP} is set; Testcontainers with
 * {@code GATEHOUSE_TEST_INFRA=containers}.
 */
public final class Kafka {
    private static Kafka instance;

    private final String bootstrap;
    private final KafkaBroker broker;

    private Kafka(String bootstrap, KafkaBroker broker) {
        this.bootstrap = bootstrap;
        this.broker = broker;
    }

    public static synchronized Kafka get() {
        if (instance == null) {
            String external = Infra.env("GATEHOUSE_TEST_KAFKA_BOOTSTRAP");
            if (external != null) {
                instance = new Kafka(external, null);
            } else if (Infra.containers()) {
                KafkaContainer container = new KafkaContainer("apache/kafka:4.1.2");
                container.start();
                instance = new Kafka(container.getBootstrapServers(), null);
            } else {
                KafkaBroker broker = KafkaBroker.onFreePorts(Infra.scratch("kafka")).start();
                instance = new Kafka(broker.bootstrapServers(), broker);
                Runtime.getRuntime().addShutdownHook(new Thread(broker::stop));
            }
        }
        return instance;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    /** The broker process, for outage tests; null when the cluster is external or a container. */
    public KafkaBroker broker() {
        return broker;
    }
}
