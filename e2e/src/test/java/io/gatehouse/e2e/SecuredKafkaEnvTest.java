package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gatehouse.events.LoginFlow;
import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.Role;
import io.gatehouse.events.Topics;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.localstack.Ports;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.Postgres;
import io.gatehouse.testsupport.SecuredKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * user-service from its built jar (prod profile) with the Kafka environment exactly as
 * {@code deploy/k8s/base/user-service.yaml} sets it: the ConfigMap's {@code KAFKA_*} values (the bootstrap address
 * aside) and the two variables the Deployment takes from Strimzi's Secrets, against a broker secured like the Strimzi
 * listener (test-support {@link SecuredKafka}). It becomes ready, applies a login written by sso-service's user and
 * relays its lifecycle event; with a wrong password it never becomes ready and says why in its log.
 */
class SecuredKafkaEnvTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String OPERATOR_TOKEN = "secured-kafka-env-operator-token";
    private static final String AUTHENTICATION_FAILED =
            "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512";

    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void theDeploymentsKafkaEnvironmentReachesEveryClient() throws Exception {
        SecuredKafka kafka = SecuredKafka.get();
        int port = Ports.free();
        Path log = start(port, kafka.password("user-service"), "secured");
        int ready = await(() -> status(port, "/q/health/ready"), s -> s == 200, Duration.ofSeconds(120));
        assertEquals(200, ready, "user-service did not become ready:\n" + Files.readString(log));

        String account = "secured-env";
        int created = send(
                        port,
                        HttpRequest.newBuilder(URI.create(base(port) + "/api/accounts/" + account))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(
                                        "{\"name\":\"Secured env\",\"plan\":\"BUSINESS\"}")))
                .statusCode();
        assertTrue(created == 200 || created == 201, "account: " + created);
        String email = "edsger@secured-env.test";
        try (KafkaTestClient sso = new KafkaTestClient(kafka.clientConfig("sso-service"));
                KafkaTestClient admin = new KafkaTestClient(kafka.adminConfig())) {
            sso.publish(LoginSucceeded.of(
                    Instant.parse("2026-03-01T09:00:00Z"),
                    account,
                    email,
                    email,
                    "Edsger",
                    "Dijkstra",
                    "jumpcloud",
                    LoginFlow.SP_INITIATED,
                    Role.AGENT));
            String users = await(
                    () -> send(
                                    port,
                                    HttpRequest.newBuilder(URI.create(
                                                    base(port) + "/api/accounts/" + account + "/users?q=" + email))
                                            .GET())
                            .body(),
                    body -> body.contains(email),
                    Duration.ofSeconds(60));
            assertTrue(users.contains(email), "the login was not applied:\n" + Files.readString(log));
            assertEquals(
                    1,
                    admin.events(
                                    Topics.USERS,
                                    Duration.ofSeconds(30),
                                    e -> e instanceof UserProvisioned p
                                            && p.email().equalsIgnoreCase(email),
                                    1)
                            .size(),
                    "the relay did not publish UserProvisioned");
        }
    }

    @Test
    void aWrongPasswordKeepsTheServiceOutOfReadinessWithAClearLogLine() throws Exception {
        SecuredKafka kafka = SecuredKafka.get();
        int port = Ports.free();
        Path log = start(port, "not-" + kafka.password("user-service"), "wrong-password");
        String output = await(() -> read(log), l -> l.contains(AUTHENTICATION_FAILED), Duration.ofSeconds(120));
        assertTrue(output.contains(AUTHENTICATION_FAILED), "no authentication failure in the log:\n" + output);
        assertEquals(503, await(() -> status(port, "/q/health/ready"), s -> s == 503, Duration.ofSeconds(60)));
        assertFalse(read(log).contains(kafka.password("user-service")), "the log holds the password");
    }

    /** The environment the Deployment gives user-service, with this test's broker, database and secrets. */
    private Path start(int port, String kafkaPassword, String name) throws IOException {
        Path root = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.exists(root.resolve("deploy/k8s/base"))) {
            root = root.getParent();
        }
        Path jar = root.resolve("user-service/target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "user-service is not built: " + jar);
        SecuredKafka kafka = SecuredKafka.get();
        Map<String, String> env =
                new LinkedHashMap<>(deploymentKafkaEnv(root.resolve("deploy/k8s/base/user-service.yaml")));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        // the two Secret-sourced variables: the KafkaUser's sasl.jaas.config, the cluster CA's ca.crt
        env.put("KAFKA_SASL_JAAS_CONFIG", SecuredKafka.scramJaas("user-service", kafkaPassword));
        env.put("KAFKA_SSL_TRUSTSTORE_CERTIFICATES", kafka.caCertificatePem());
        Postgres pg = Postgres.get();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", pg.database("users_secured_env"));
        env.put("QUARKUS_DATASOURCE_USERNAME", pg.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", pg.password());
        env.put("GATEHOUSE_OPERATOR_TOKEN", OPERATOR_TOKEN);
        env.put("GATEHOUSE_AUTH_JWKS_URL", "http://127.0.0.1:" + Ports.free() + "/.well-known/jwks.json");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        Path log = Paths.get(
                System.getProperty("user.dir"), "target", "stack-logs", "user-service-kafka-" + name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("QUARKUS_"));
        pb.environment().putAll(env);
        process = pb.start();
        return log;
    }

    /**
     * The ConfigMap's {@code KAFKA_*} entries, after checking that the Deployment takes exactly
     * {@code KAFKA_SASL_JAAS_CONFIG} and {@code KAFKA_SSL_TRUSTSTORE_CERTIFICATES} from Secrets.
     */
    static Map<String, String> deploymentKafkaEnv(Path manifest) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Set<String> fromSecrets = new TreeSet<>();
        try (MappingIterator<JsonNode> docs =
                new YAMLMapper().readerFor(JsonNode.class).readValues(manifest.toFile())) {
            for (JsonNode doc : docs.readAll()) {
                if ("ConfigMap".equals(doc.path("kind").asText())) {
                    doc.path("data").fields().forEachRemaining(e -> {
                        if (e.getKey().startsWith("KAFKA_")) {
                            env.put(e.getKey(), e.getValue().asText());
                        }
                    });
                } else if ("Deployment".equals(doc.path("kind").asText())) {
                    for (JsonNode e : doc.path("spec")
                            .path("template")
                            .path("spec")
                            .path("containers")
                            .path(0)
                            .path("env")) {
                        if (e.path("name").asText().startsWith("KAFKA_")
                                && e.path("valueFrom").has("secretKeyRef")) {
                            fromSecrets.add(e.path("name").asText());
                        }
                    }
                }
            }
        }
        assertEquals(Set.of("KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_CERTIFICATES"), fromSecrets);
        assertEquals(
                Set.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "KAFKA_SECURITY_PROTOCOL",
                        "KAFKA_SASL_MECHANISM",
                        "KAFKA_SSL_TRUSTSTORE_TYPE"),
                new TreeSet<>(env.keySet()),
                "the ConfigMap's Kafka settings changed");
        return env;
    }

    private static String base(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static int status(int port, String path) {
        try {
            return send(
                            port,
                            HttpRequest.newBuilder(URI.create(base(port) + path))
                                    .GET())
                    .statusCode();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static HttpResponse<String> send(int port, HttpRequest.Builder request) {
        try {
            return HTTP.send(
                    request.header("Authorization", "Bearer " + OPERATOR_TOKEN)
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T await(java.util.function.Supplier<T> value, Predicate<T> done, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        T v = value.get();
        while (!done.test(v) && System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                break;
            }
            Thread.sleep(250);
            v = value.get();
        }
        return v;
    }
}
