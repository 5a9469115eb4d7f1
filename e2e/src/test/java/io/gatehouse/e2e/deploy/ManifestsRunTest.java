package io.gatehouse.e2e.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.e2e.Flows;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.Topics;
import io.gatehouse.events.UserRevoked;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue #18 point 6, "the manifests, run": the prod overlay as {@code kubectl kustomize} renders it, each
 * Deployment's image started with Docker exactly as its pod spec says (see {@link Pod}), two replicas each, behind
 * loopback stand-ins for their Services, against the local-stack PostgreSQL (roles and databases created from the
 * CloudNativePG objects) and a broker secured like the Strimzi listener ({@link SecuredKafka}: TLS, SCRAM-SHA-512,
 * a user with ACLs per {@code KafkaUser}). Then the core story through it. Needs Docker Engine and the images of
 * {@code ./gatehouse images}; runs with {@code -Pdeploy-run} (ADR 0020), by {@code .ci/run}.
 */
@Tag("deploy-run")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManifestsRunTest {
    static final int REPLICAS = 2;
    static final String ACCOUNT = "k8s";
    static final String DOMAIN = "k8s.test";
    static final Duration CONVERGE = Duration.ofSeconds(120);
    static final List<String> PEOPLE = List.of("ada", "alan", "grace", "linus", "mia", "noah", "olivia");

    static Path root;
    static Cluster cluster;
    static final Map<String, List<Pod>> pods = new LinkedHashMap<>();
    static final Map<String, ServiceProxy> services = new LinkedHashMap<>();
    static Process simulator;
    static int simPort;
    static Flows flows;
    static Flows.Account account;
    static final Map<String, String> sessions = new LinkedHashMap<>();

    @BeforeAll
    static void deploy() throws Exception {
        root = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.exists(root.resolve("deploy/k8s/overlays/prod"))) {
            root = root.getParent();
        }
        Path work = Paths.get(System.getProperty("user.dir"), "target", "manifests-run");
        Rendered rendered = Rendered.kustomize(root.resolve("deploy/k8s/overlays/prod"));
        cluster = new Cluster(rendered, work.resolve("volumes"));

        SecuredKafka kafka = SecuredKafka.get();
        Postgres pg = Postgres.get();
        if (pg.port() < 0) {
            fail("needs the local-stack (embedded) PostgreSQL, not GATEHOUSE_TEST_INFRA/GATEHOUSE_TEST_JDBC_URL");
        }
        cluster.generateSecrets(kafka);
        cluster.createDatabases(pg);

        // the cluster's addresses → their stand-ins on loopback
        for (JsonNode s : rendered.all("Service")) {
            String name = Rendered.name(s);
            ServiceProxy proxy = new ServiceProxy(name);
            services.put(name, proxy);
            cluster.address(
                    name + ":"
                            + s.path("spec").path("ports").path(0).path("port").asInt(),
                    "127.0.0.1:" + proxy.port());
        }
        String pgCluster = Rendered.name(rendered.all("Cluster").get(0));
        cluster.address(pgCluster + "-rw:5432", "127.0.0.1:" + pg.port());
        JsonNode kafkaCr = rendered.all("Kafka").get(0);
        int listener = -1;
        for (JsonNode l : kafkaCr.path("spec").path("kafka").path("listeners")) {
            if (l.path("tls").asBoolean(false)) {
                listener = l.path("port").asInt();
            }
        }
        cluster.address(Rendered.name(kafkaCr) + "-kafka-bootstrap:" + listener, kafka.bootstrapServers());
        // the public host (Ingress/Gateway) → the Service stand-in of the service each route leads to
        cluster.set(
                "sso-service-config",
                "GATEHOUSE_SSO_PUBLIC_BASE_URL",
                services.get("sso-service").url());
        cluster.set(
                "directory-service-config",
                "GATEHOUSE_DIRECTORY_PUBLIC_BASE_URL",
                services.get("directory-service").url());
        // the outside world: the simulator is JumpCloud (its API and the public DNS of the domain check)
        simPort = Ports.free();
        int dnsPort = Ports.free();
        cluster.set("sso-service-config", "GATEHOUSE_SSO_DNS_RESOLVER", "127.0.0.1:" + dnsPort);
        cluster.set(
                "directory-service-config",
                "GATEHOUSE_DIRECTORY_JUMPCLOUD_LOOPBACK_BASE_URLS",
                "http://127.0.0.1:" + simPort);
        simulator = startSimulator(work, dnsPort, services.get("sso-service").url());

        String version = System.getProperty("e2e.project.version", "0.1.0-SNAPSHOT");
        for (JsonNode d : rendered.all("Deployment")) {
            String name = Rendered.name(d);
            cluster.image(
                    d.path("spec")
                            .path("template")
                            .path("spec")
                            .path("containers")
                            .path(0)
                            .path("image")
                            .asText(),
                    "gatehouse/" + name + ":" + version);
            List<Pod> replicas = new ArrayList<>();
            for (int i = 0; i < REPLICAS; i++) {
                Pod pod = new Pod(cluster, d, i, Ports.free(), work.resolve("logs"));
                replicas.add(pod);
                services.get(name).add(pod.port);
            }
            pods.put(name, replicas);
        }
        // one Deployment after the other, its replicas at once (their migrate init containers race for Flyway's
        // lock): six JVMs starting together on a small CI machine would measure the machine, not the manifests'
        // startup budget
        for (List<Pod> replicas : pods.values()) {
            CompletableFuture.allOf(replicas.stream()
                            .map(pod -> CompletableFuture.runAsync(() -> {
                                pod.start();
                                pod.awaitReady(Duration.ofSeconds(180));
                            }))
                            .toArray(CompletableFuture[]::new))
                    .join();
        }
        awaitSimulator();

        Pod sso = pods.get("sso-service").get(0);
        String operatorToken = sso.environment(sso.container()).get("GATEHOUSE_OPERATOR_TOKEN");
        flows = new Flows(new Flows.Endpoints() {
            @Override
            public String operatorToken() {
                return operatorToken;
            }

            @Override
            public String simUrl() {
                return "http://127.0.0.1:" + simPort;
            }

            @Override
            public String ssoUrl() {
                return services.get("sso-service").url();
            }

            @Override
            public String usersUrl() {
                return services.get("user-service").url();
            }

            @Override
            public String directoryUrl() {
                return services.get("directory-service").url();
            }
        });
    }

    @AfterAll
    static void tearDown() {
        pods.values().forEach(list -> list.forEach(Pod::remove));
        services.values().forEach(ServiceProxy::close);
        if (simulator != null) {
            simulator.destroy();
        }
        if (cluster != null) {
            cluster.untagImages();
        }
    }

    @Test
    @Order(1)
    void everyReplicaRunsAsItsPodSpecSaysAndIsReadyOnItsOwnProbes() throws Exception {
        for (List<Pod> replicas : pods.values()) {
            assertEquals(REPLICAS, replicas.size());
            for (Pod pod : replicas) {
                JsonNode c = pod.container();
                JsonNode host = pod.inspect().path("HostConfig");
                String where = pod.name + ": ";
                assertEquals(
                        "185:185", pod.inspect().path("Config").path("User").asText(), where + "user");
                assertTrue(host.path("ReadonlyRootfs").asBoolean(), where + "read-only root filesystem");
                assertTrue(host.path("CapDrop").toString().contains("ALL"), where + "capabilities dropped");
                assertTrue(host.path("SecurityOpt").toString().contains("no-new-privileges"), where + "escalation");
                assertTrue(host.path("Tmpfs").has("/tmp"), where + "emptyDir /tmp");
                assertEquals("host", host.path("NetworkMode").asText());
                long limit = Pod.Quantity.bytes(
                        c.path("resources").path("limits").path("memory").asText());
                assertEquals(limit, host.path("Memory").asLong(), where + "memory limit");
                assertEquals(200, pod.status(pod.probePath("readinessProbe")), where + "ready");
                assertEquals(200, pod.status(pod.probePath("livenessProbe")), where + "live");
                // the heap follows the limit (MaxRAMPercentage=75 in the Deployment) rather than the JVM's 25 %
                long heap = heapMax(pod.get("/q/metrics"));
                assertTrue(
                        heap > limit / 2,
                        where + "max heap " + heap + " of a " + limit + " limit: the Deployment's JVM options"
                                + " did not reach the JVM");
            }
        }
    }

    @Test
    @Order(2)
    void migrationsRanAsTheOwnerAndTheServingRoleHasNoDdl() {
        for (JsonNode db : cluster.rendered.all("Database")) {
            checkRoles(
                    db.path("spec").path("name").asText(),
                    db.path("spec").path("owner").asText());
        }
        JsonNode initdb = cluster.rendered
                .all("Cluster")
                .get(0)
                .path("spec")
                .path("bootstrap")
                .path("initdb");
        checkRoles(initdb.path("database").asText(), initdb.path("owner").asText());
    }

    private static void checkRoles(String database, String owner) {
        String url = "jdbc:postgresql://127.0.0.1:" + Postgres.get().port() + "/" + database;
        String app = owner + "_app";
        String secret = null;
        for (String s : cluster.secretNames()) {
            if (app.equals(cluster.secret(s).get("username"))) {
                secret = s;
            }
        }
        assertTrue(secret != null, "no Secret for the runtime role " + app);
        try (Connection c = DriverManager.getConnection(url, app, cluster.secretKey(secret, "password"))) {
            try (var rs = c.createStatement()
                    .executeQuery("SELECT count(*), count(*) FILTER (WHERE tableowner = '" + owner
                            + "') FROM pg_tables WHERE schemaname = 'public'")) {
                rs.next();
                assertTrue(rs.getInt(1) > 0, database + " has tables");
                assertEquals(rs.getInt(1), rs.getInt(2), database + ": every table belongs to " + owner);
            }
            try {
                c.createStatement().execute("CREATE TABLE not_allowed (i int)");
                fail(app + " may create tables in " + database);
            } catch (SQLException expected) {
                assertEquals("42501", expected.getSQLState(), expected.getMessage());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(3)
    void ssoSetUpSpInitiatedLoginAndJustInTimeUsers() {
        account = flows.ssoAccount(ACCOUNT, DOMAIN, PEOPLE);
        for (String person : PEOPLE) {
            String cookie = Flows.sessionCookie(flows.spInitiated(email(person)));
            sessions.put(person, cookie);
        }
        for (String person : PEOPLE) {
            Map<String, Object> user = Flows.await(
                    person + " created just in time in user-service",
                    CONVERGE,
                    () -> flows.userByEmail(ACCOUNT, email(person)));
            assertEquals("ACTIVE", user.get("status"));
            for (Pod sso : pods.get("sso-service")) {
                assertEquals(200, session(sso, sessions.get(person)), person + "'s session on " + sso.name);
            }
        }
    }

    @Test
    @Order(4)
    void removalFromTheGroupEndsTheSessionOnBothSsoReplicas() {
        flows.scimDirectory(account, false);
        String person = PEOPLE.get(0);
        removeFromGroup(person);
        for (Pod sso : pods.get("sso-service")) {
            Flows.await(
                    person + "'s session refused by " + sso.name,
                    CONVERGE,
                    () -> session(sso, sessions.get(person)) == 401);
        }
        assertEquals("REVOKED", flows.userByEmail(ACCOUNT, email(person)).get("status"));
    }

    @Test
    @Order(5)
    void aReplicaKilledMidRunLosesNoMembershipChangeAndAppliesNoneTwice() {
        List<String> removed = PEOPLE.subList(1, PEOPLE.size());
        Pod victim = pods.get("user-service").get(1);
        for (int i = 0; i < removed.size(); i++) {
            if (i == 2) {
                victim.kill();
            }
            removeFromGroup(removed.get(i));
        }
        for (String person : removed) {
            Flows.await(
                    person + " revoked in user-service while " + victim.name + " is down",
                    CONVERGE,
                    () -> "REVOKED"
                            .equals(flows.userByEmail(ACCOUNT, email(person)).get("status")));
            for (Pod sso : pods.get("sso-service")) {
                Flows.await(
                        person + "'s session refused by " + sso.name,
                        CONVERGE,
                        () -> session(sso, sessions.get(person)) == 401);
            }
        }
        victim.restart();
        victim.awaitReady(Duration.ofSeconds(180));

        Map<String, Object> adminKafka = SecuredKafka.get().adminConfig();
        try (KafkaTestClient kafka = new KafkaTestClient(adminKafka)) {
            List<GatehouseEvent> revoked = kafka.events(
                    Topics.USERS,
                    Duration.ofSeconds(30),
                    e -> e instanceof UserRevoked r && r.accountId().equals(ACCOUNT),
                    PEOPLE.size());
            Map<String, Set<java.util.UUID>> ids = new HashMap<>();
            revoked.forEach(e -> ids.computeIfAbsent(((UserRevoked) e).email(), k -> new HashSet<>())
                    .add(e.eventId()));
            for (String person : PEOPLE) {
                assertEquals(1, ids.getOrDefault(email(person), Set.of()).size(), person + " revoked exactly once");
            }
        }
        // re-adding them restores them, and they sign in again (through any replica)
        for (String person : removed) {
            flows.sim()
                    .put("/sim/groups/" + account.groupId() + "/members/"
                            + account.simUserIds().get(person))
                    .then()
                    .statusCode(204);
        }
        for (String person : removed) {
            Flows.await(
                    person + " restored",
                    CONVERGE,
                    () -> "ACTIVE"
                            .equals(flows.userByEmail(ACCOUNT, email(person)).get("status")));
            String again = Flows.await(person + " signs in again", CONVERGE, () -> {
                var r = flows.spInitiated(email(person));
                return r.statusCode() == 303 ? r.getCookie("GH_SESSION") : null;
            });
            for (Pod sso : pods.get("sso-service")) {
                assertEquals(200, session(sso, again), person + "'s new session on " + sso.name);
            }
        }
    }

    private static void removeFromGroup(String person) {
        flows.sim()
                .delete("/sim/groups/" + account.groupId() + "/members/"
                        + account.simUserIds().get(person))
                .then()
                .statusCode(204);
    }

    private static int session(Pod sso, String cookie) {
        return flows.anonymous()
                .cookie("GH_SESSION", cookie)
                .get(sso.url() + "/api/session")
                .statusCode();
    }

    static String email(String person) {
        return person + "@" + DOMAIN;
    }

    private static final Pattern HEAP_MAX =
            Pattern.compile("^jvm_memory_max_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+]+)$", Pattern.MULTILINE);

    /** The sum of the heap pools' maxima on {@code /q/metrics}. */
    static long heapMax(String metrics) {
        Matcher m = HEAP_MAX.matcher(metrics);
        double sum = 0;
        boolean any = false;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            if (v > 0) {
                sum += v;
                any = true;
            }
        }
        if (!any) {
            throw new IllegalStateException("no jvm_memory_max_bytes{area=\"heap\"} on /q/metrics");
        }
        return (long) sum;
    }

    private static Process startSimulator(Path work, int dnsPort, String ssoUrl) throws IOException {
        Path jar = root.resolve("jumpcloud-simulator/target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "the simulator is not built: " + jar);
        Path log = work.resolve("logs").resolve("jumpcloud-simulator.log");
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-Dquarkus.http.port=" + simPort,
                        "-Dquarkus.http.host=127.0.0.1",
                        "-Dsimulator.dns.port=" + dnsPort,
                        "-Dsimulator.public-url=http://127.0.0.1:" + simPort,
                        "-Dsimulator.demo.sp-base-url=" + ssoUrl,
                        "-jar",
                        jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void awaitSimulator() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && simulator.isAlive()) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create("http://127.0.0.1:" + simPort + "/q/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        fail("the jumpcloud-simulator did not become ready");
    }
}
