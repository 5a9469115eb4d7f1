package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.Postgres;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.testsupport.ProcessCpu;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The application under test (the same one the module's other {@code @QuarkusTest}s share) runs against the
 * infrastructure its mode names, not silently against the other: under {@code -Pcontainers}
 * ({@code GATEHOUSE_TEST_INFRA=containers}) its datasource and Kafka bootstrap are the test containers on the host
 * network; by default the embedded PostgreSQL 17 and the broker process.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "platform"))
@QuarkusTestResource(KafkaResource.class)
class InfrastructureModeTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void postgresAndKafkaAreThoseOfTheMode() throws SQLException {
        int pgPort = URI.create(url.substring("jdbc:".length())).getPort();
        int kafkaPort = Integer.parseInt(kafka.substring(kafka.lastIndexOf(':') + 1));
        if ("containers".equals(System.getenv("GATEHOUSE_TEST_INFRA"))) {
            Set<String> env = testContainersEnv();
            assertTrue(env.contains("PGPORT=" + pgPort), "PostgreSQL at " + url + " is a test container: " + env);
            assertTrue(env.contains("KAFKA_PORT=" + kafkaPort), "Kafka at " + kafka + " is a test container: " + env);
            assertTrue(ProcessCpu.kafkaPid().isEmpty(), "no broker process is a child of the test JVM");
        } else {
            String version = serverVersion(url, Postgres.get());
            assertTrue(version.startsWith("17."), "embedded PostgreSQL 17, got " + version);
            assertTrue(ProcessCpu.kafkaPid().isPresent(), "the broker is the test JVM's child process");
        }
    }

    private static String serverVersion(String url, Postgres pg) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                ResultSet rs = c.createStatement().executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The environment entries of the running containers that test-support started (label io.gatehouse.test). */
    private static Set<String> testContainersEnv() {
        var docker = DockerClientFactory.instance().client();
        List<String> ids =
                docker.listContainersCmd().withLabelFilter(Map.of("io.gatehouse.test", "true")).exec().stream()
                        .map(c -> c.getId())
                        .toList();
        return ids.stream()
                .flatMap(id -> Arrays.stream(
                        docker.inspectContainerCmd(id).exec().getConfig().getEnv()))
                .collect(Collectors.toSet());
    }
}
