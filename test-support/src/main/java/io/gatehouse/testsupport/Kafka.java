package io.gatehouse.testsupport;

import io.gatehouse.localstack.KafkaBroker;
import io.gatehouse.localstack.Ports;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.containers.GenericContainer;

/**
 * One real Kafka broker per test JVM: a KRaft broker process (restartable, for outage tests) by default; an
 * external cluster when {@code GATEHOUSE_TEST_KAFKA_BOOTSTRAP} is set; with {@code GATEHOUSE_TEST_INFRA=containers}
 * ({@code -Pcontainers}) a container of the local {@code gatehouse/kafka} image on the host network (restartable
 * too), see {@link Containers}.
 */
public final class Kafka {
    /** The local image of the broker version that the clients have (.ci/containers.sh builds it). */
    static final String IMAGE = "gatehouse/kafka:" + AppInfoParser.getVersion();

    private static Kafka instance;

    private final String bootstrap;
    private final Broker broker;

    private Kafka(String bootstrap, Broker broker) {
        this.bootstrap = bootstrap;
        this.broker = broker;
    }

    /** A broker that an outage test can stop (orderly, as a restart in production) and start again on its data. */
    public interface Broker {
        void stop();

        void start();
    }

    public static synchronized Kafka get() {
        if (instance == null) {
            String external = Infra.env("GATEHOUSE_TEST_KAFKA_BOOTSTRAP");
            if (external != null) {
                instance = new Kafka(external, null);
            } else if (Infra.containers()) {
                instance = container();
            } else {
                KafkaBroker process =
                        KafkaBroker.onFreePorts(Infra.scratch("kafka")).start();
                Runtime.getRuntime().addShutdownHook(new Thread(process::stop));
                instance = new Kafka(process.bootstrapServers(), new Broker() {
                    @Override
                    public void stop() {
                        process.stop();
                    }

                    @Override
                    public void start() {
                        process.start();
                    }
                });
            }
        }
        return instance;
    }

    private static Kafka container() {
        int port = Ports.free();
        int controllerPort = Ports.free();
        GenericContainer<?> container = Containers.start(
                Containers.image("GATEHOUSE_TEST_KAFKA_IMAGE", IMAGE),
                Map.of(
                        "KAFKA_PORT",
                        Integer.toString(port),
                        "KAFKA_CONTROLLER_PORT",
                        Integer.toString(controllerPort),
                        // as the broker process of the embedded mode (KafkaMain, KafkaBroker)
                        "KAFKA_LOG_FLUSH_INTERVAL_MESSAGES",
                        "1",
                        "KAFKA_OPTS",
                        "-XX:TieredStopAtLevel=1"),
                List.of(),
                () -> Ports.open(port));
        return new Kafka("127.0.0.1:" + port, new Broker() {
            @Override
            public void stop() {
                Containers.stop(container);
            }

            @Override
            public void start() {
                Containers.restart(container, () -> Ports.open(port));
            }
        });
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    /** The broker, for outage tests; null when the cluster is external. */
    public Broker broker() {
        return broker;
    }
}
