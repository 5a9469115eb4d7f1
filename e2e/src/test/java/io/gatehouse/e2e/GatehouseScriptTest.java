package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.localstack.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The {@code ./gatehouse} launcher as a newcomer meets it: {@code infra} starts PostgreSQL and Kafka only, a
 * missing tool is named before anything starts, and after the PostgreSQL launcher is killed with SIGKILL (its
 * server keeps running) {@code status} says so and the next {@code infra} recovers instead of failing on the port;
 * {@code up} then starts the services, and after a service and the broker are killed the next {@code up} starts
 * those two and leaves the rest running. Runs the real script with its own state directory and free ports.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatehouseScriptTest {
    private static final Path ROOT =
            Paths.get(System.getProperty("user.dir")).toAbsolutePath().getParent();
    private static Path state;
    private static int pgPort;
    private static int kafkaPort;
    private static final Map<String, String> PORTS = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void ports() throws IOException {
        Path target = Paths.get(System.getProperty("user.dir"), "target");
        Files.createDirectories(target);
        state = Files.createTempDirectory(target, "gatehouse-state-");
        pgPort = Ports.free();
        kafkaPort = Ports.free();
        for (String name : List.of(
                "GATEHOUSE_KAFKA_CONTROLLER_PORT",
                "GATEHOUSE_DNS_PORT",
                "GATEHOUSE_SSO_PORT",
                "GATEHOUSE_USER_PORT",
                "GATEHOUSE_DIRECTORY_PORT",
                "GATEHOUSE_SIMULATOR_PORT")) {
            PORTS.put(name, Integer.toString(Ports.free()));
        }
    }

    @AfterAll
    static void down() throws Exception {
        run(List.of("down"), Map.of());
    }

    @Test
    @Order(1)
    void infraStartsPostgresAndKafkaAndRecoversAfterTheLauncherIsKilled() throws Exception {
        Result up = run(List.of("infra", "--detach"), Map.of());
        assertEquals(0, up.exit, up.output);
        assertTrue(Ports.open(pgPort) && Ports.open(kafkaPort), up.output);
        assertTrue(up.output.contains("Infrastructure is up"), up.output);
        assertTrue(!Files.exists(state.resolve("pids/sso-service.pid")), "infra starts no service");
        query();

        long launcher = Long.parseLong(
                Files.readString(state.resolve("pids/postgres.pid")).trim());
        ProcessHandle.of(launcher).orElseThrow().destroyForcibly();
        ProcessHandle.of(launcher).ifPresent(p -> p.onExit().join());
        assertTrue(Ports.open(pgPort), "the PostgreSQL server outlives its killed launcher");

        Result status = run(List.of("status"), Map.of());
        assertTrue(status.output.contains("launcher stopped, but its server still runs"), status.output);

        Result again = run(List.of("infra", "--detach"), Map.of());
        assertEquals(0, again.exit, again.output);
        assertTrue(again.output.contains("left behind by a killed launcher"), again.output);
        long relaunched = Long.parseLong(
                Files.readString(state.resolve("pids/postgres.pid")).trim());
        assertNotEquals(launcher, relaunched);
        assertTrue(ProcessHandle.of(relaunched).map(ProcessHandle::isAlive).orElse(false));
        query();
        assertTrue(run(List.of("status"), Map.of()).output.matches("(?s).*postgres\\s+running.*"));
    }

    @Test
    @Order(2)
    void upStartsWhatIsMissingAndLeavesWhatRuns() throws Exception {
        Result up = run(List.of("up", "--detach"), Map.of());
        assertEquals(0, up.exit, up.output);
        assertTrue(up.output.contains("Gatehouse is up"), up.output);
        assertTrue(up.output.contains("postgres already running"), up.output);
        long sso = pid("sso-service");
        long users = pid("user-service");
        long kafka = pid("kafka");
        for (long pid : List.of(users, kafka)) {
            ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
            p.destroyForcibly();
            p.onExit().join();
        }
        assertTrue(
                run(List.of("status"), Map.of()).output.matches("(?s).*user-service\\s+stopped.*"),
                "status shows the killed service");

        Result again = run(List.of("up", "--detach"), Map.of());
        assertEquals(0, again.exit, again.output);
        assertTrue(again.output.contains("sso-service already running (pid " + sso + ")"), again.output);
        assertNotEquals(users, pid("user-service"));
        assertNotEquals(kafka, pid("kafka"));
        assertEquals(sso, pid("sso-service"));
        String status = run(List.of("status"), Map.of()).output;
        for (String service : List.of("user-service", "sso-service", "directory-service", "jumpcloud-simulator")) {
            assertTrue(status.matches("(?s).*" + service + "\\s+running \\(pid \\d+\\), ready.*"), status);
        }
    }

    @Test
    @Order(3)
    void aMissingToolIsNamedBeforeAnythingStarts() throws Exception {
        // a PATH with every tool the script needs except find
        Path bin = Files.createDirectories(state.resolve("bin-without-find"));
        for (String tool : List.of(
                "java", "mvn", "head", "tar", "sed", "sort", "dirname", "bash", "cat", "tr", "awk", "mkdir", "rm")) {
            Path found = which(tool);
            if (found != null && !Files.exists(bin.resolve(tool))) {
                Files.createSymbolicLink(bin.resolve(tool), found);
            }
        }
        Result result = run(List.of("infra", "--detach"), Map.of("PATH", bin.toString()));
        assertNotEquals(0, result.exit);
        assertTrue(result.output.contains("missing tools: find"), result.output);
    }

    @Test
    @Order(4)
    void aotOnJava17SaysItNeedsJava25BeforeBuildingAnything() throws Exception {
        Result result = run(List.of("aot"), Map.of());
        assertNotEquals(0, result.exit);
        assertTrue(result.output.contains("an AOT cache needs java 25 or newer first on the PATH"), result.output);
        assertFalse(result.output.contains("Building every module"), result.output);
    }

    private static long pid(String name) throws IOException {
        return Long.parseLong(
                Files.readString(state.resolve("pids/" + name + ".pid")).trim());
    }

    private static void query() throws SQLException {
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + pgPort + "/users", "postgres", "postgres")) {
            assertTrue(c.createStatement().executeQuery("SELECT 1").next());
        }
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path p = Paths.get(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    record Result(int exit, String output) {}

    private static Result run(List<String> args, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(which("bash").toString());
        command.add(ROOT.resolve("gatehouse").toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("GATEHOUSE_STATE", state.toString());
        pb.environment().put("GATEHOUSE_PG_PORT", Integer.toString(pgPort));
        pb.environment().put("GATEHOUSE_KAFKA_PORT", Integer.toString(kafkaPort));
        pb.environment().putAll(PORTS);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(state, "run-", ".log");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("./gatehouse " + args + " did not finish: " + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
