package io.gatehouse.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./gatehouse}'s process manager: starts PostgreSQL and Kafka ({@link PostgresMain}, {@link KafkaMain}) and
 * the services ({@link GatehouseStack}) as processes that outlive it, each with a pid file under the state
 * directory, and adopts whatever is still running, so {@code up} starts only what is missing (also the
 * PostgreSQL server left behind by a killed launcher). Usage: {@code StackMain up|demo|infra [--detach] [--demo]},
 * {@code StackMain status|down}, {@code StackMain env <module>} (the settings for {@code ./gatehouse dev}, as
 * {@code NAME=value} lines). Reads {@code GATEHOUSE_ROOT}, {@code GATEHOUSE_STATE}, {@code GATEHOUSE_PG_PORT},
 * {@code GATEHOUSE_KAFKA_PORT}, {@code GATEHOUSE_KAFKA_CONTROLLER_PORT}, {@code GATEHOUSE_DNS_PORT},
 * {@code GATEHOUSE_SSO_PORT}, {@code GATEHOUSE_USER_PORT}, {@code GATEHOUSE_DIRECTORY_PORT},
 * {@code GATEHOUSE_SIMULATOR_PORT}, {@code GATEHOUSE_PUBLIC_BASE_URL} and {@code GATEHOUSE_OPERATOR_TOKEN}.
 */
public final class StackMain {
    private static final String POSTGRES = "postgres";
    private static final String KAFKA = "kafka";

    private final Path root;
    private final Path state;
    private final Path pids;
    private final Path logs;
    private final Path data;
    private final int pgPort = intEnv("GATEHOUSE_PG_PORT", 5432);
    private final int kafkaPort = intEnv("GATEHOUSE_KAFKA_PORT", 9092);
    private final int controllerPort = intEnv("GATEHOUSE_KAFKA_CONTROLLER_PORT", 9093);
    private final GatehouseStack stack;
    private final List<String> failed = new ArrayList<>();
    /** How long the services of an AOT training run idle before they stop. */
    private static final int AOT_SETTLE_SECONDS = 30;
    /** How long a training JVM may take to write its AOT cache at exit. */
    private static final int AOT_WRITE_SECONDS = 180;

    StackMain() {
        this(false);
    }

    /** {@code aotTraining}: every service starts to write its AOT cache when it stops ({@code ./gatehouse aot}). */
    StackMain(boolean aotTraining) {
        root = Paths.get(env("GATEHOUSE_ROOT", GatehouseStack.projectRoot().toString()))
                .toAbsolutePath();
        state = Paths.get(env("GATEHOUSE_STATE", root.resolve(".gatehouse").toString()))
                .toAbsolutePath();
        pids = state.resolve("pids");
        logs = state.resolve("logs");
        data = state.resolve("data");
        GatehouseStack.Options o = new GatehouseStack.Options();
        o.root = root;
        o.logs = logs;
        o.detached = true;
        o.publicHost = "localhost";
        o.aotTraining = aotTraining;
        if (aotTraining) {
            o.stopTimeout = Duration.ofSeconds(AOT_WRITE_SECONDS);
        }
        o.port(GatehouseStack.SSO, intEnv("GATEHOUSE_SSO_PORT", 8081))
                .port(GatehouseStack.USERS, intEnv("GATEHOUSE_USER_PORT", 8082))
                .port(GatehouseStack.DIRECTORY, intEnv("GATEHOUSE_DIRECTORY_PORT", 8083))
                .port(GatehouseStack.SIMULATOR, intEnv("GATEHOUSE_SIMULATOR_PORT", 8090));
        o.dnsPort = intEnv("GATEHOUSE_DNS_PORT", 8053);
        o.ssoPublicBaseUrl = env("GATEHOUSE_PUBLIC_BASE_URL", "http://localhost:" + o.ports.get(GatehouseStack.SSO));
        String token = System.getenv("GATEHOUSE_OPERATOR_TOKEN");
        o.operatorToken = token != null && !token.isBlank() ? token : secret("operator-token", 24, true);
        o.encryptionKey = secret("encryption-key", 32, false);
        o.jwtKeyEncryptionKey = secret("jwt-key-encryption-key", 32, false);
        stack = new GatehouseStack(
                new GatehouseStack.Infra(
                        "jdbc:postgresql://127.0.0.1:" + pgPort + "/",
                        "postgres",
                        "postgres",
                        "127.0.0.1:" + kafkaPort),
                o);
    }

    public static void main(String[] args) throws Exception {
        String cmd = args.length == 0 ? "" : args[0];
        boolean detach = false;
        boolean demo = cmd.equals("demo");
        for (int i = 1; i < args.length && !cmd.equals("env"); i++) {
            switch (args[i]) {
                case "--detach", "-d" -> detach = true;
                case "--demo" -> demo = cmd.equals("up");
                default -> die("unknown option " + args[i]);
            }
        }
        if (cmd.equals("aot")) {
            new StackMain(true).aot();
            return;
        }
        StackMain m = new StackMain();
        switch (cmd) {
            case "up", "demo" -> {
                m.up();
                if (demo) {
                    m.demo();
                }
            }
            case "infra" -> m.infra();
            case "down", "stop" -> {
                m.down();
                return;
            }
            case "status" -> {
                m.status();
                return;
            }
            case "env" -> {
                m.env(args.length > 1 ? args[1] : "");
                return;
            }
            default -> die("usage: StackMain up|demo|infra [--detach] | aot | status | down | env <module>");
        }
        if (!detach) {
            m.foreground();
        }
    }

    // ---- commands

    void infra() {
        log("Starting PostgreSQL and Kafka:");
        startInfra();
        waitInfra();
        reportFailures();
        log("");
        log("Infrastructure is up:");
        log("  PostgreSQL  127.0.0.1:" + pgPort + " (postgres/postgres; databases sso, users, directory)");
        log("  Kafka       127.0.0.1:" + kafkaPort);
        log("Run a service against it with ./gatehouse dev <module>; stop with ./gatehouse down.");
    }

    void up() {
        log("Starting Gatehouse:");
        startInfra();
        start(GatehouseStack.SIMULATOR);
        waitInfra();
        for (String s : List.of(GatehouseStack.USERS, GatehouseStack.SSO, GatehouseStack.DIRECTORY)) {
            start(s);
        }
        for (GatehouseStack.Service s : stack.services().values()) {
            if (s.isAlive()) {
                try {
                    s.awaitReady();
                } catch (IllegalStateException e) {
                    die(s.name + " did not become ready (" + e.getMessage() + "); see " + rel(s.log()));
                }
            }
        }
        reportFailures();
        String sso = "http://localhost:" + stack.sso().port;
        log("");
        log("Gatehouse is up:");
        log("  Sign in with SSO     " + sso + "/sso/login");
        log("  sso-service          " + sso + "   (OpenAPI: /q/openapi)");
        log("  user-service         http://localhost:" + stack.users().port);
        log("  directory-service    http://localhost:" + stack.directory().port);
        log("  JumpCloud simulator  http://localhost:" + stack.sim().port + "   (DNS on 127.0.0.1:" + stack.dnsPort()
                + ")");
        log("  PostgreSQL           127.0.0.1:" + pgPort + " (postgres/postgres; databases sso, users, directory)");
        log("  Kafka                127.0.0.1:" + kafkaPort);
        log("  Operator token       " + stack.operatorToken() + "   (" + rel(state.resolve("operator-token")) + ")");
    }

    /**
     * Trains each service's AOT cache (ADR 0032): stops whatever runs, starts the stack with every service writing
     * {@code app.aot} beside its jar when it exits, lets it settle, stops it. Needs Java 25 or newer, the Java that
     * then runs the services with the cache ({@code ./gatehouse up} on the same JDK).
     */
    void aot() throws InterruptedException {
        int feature = Runtime.version().feature();
        if (feature < GatehouseStack.AOT_CACHE_JAVA) {
            die("an AOT cache needs Java " + GatehouseStack.AOT_CACHE_JAVA + " or newer, and this is Java " + feature
                    + ": put a JDK " + GatehouseStack.AOT_CACHE_JAVA + "'s bin first on the PATH");
        }
        log("Stopping whatever runs, so that every service starts anew:");
        down();
        up();
        log("");
        log("Letting the services settle for " + AOT_SETTLE_SECONDS
                + " s (the cache records their start and idle work) ...");
        Thread.sleep(AOT_SETTLE_SECONDS * 1000L);
        log("Stopping the services; each JVM writes its AOT cache as it exits (up to " + AOT_WRITE_SECONDS + " s):");
        List<String> order = new ArrayList<>(GatehouseStack.SERVICES);
        java.util.Collections.reverse(order);
        for (String name : order) {
            stack.service(name).stop();
            Path cache = GatehouseStack.jar(root, name).resolveSibling(GatehouseStack.AOT_CACHE);
            log("  " + name + ": "
                    + (Files.exists(cache) ? rel(cache) : "no cache written; see " + rel(logs.resolve(name + ".log"))));
        }
        down();
        log("");
        log("Start with the caches on this JDK: ./gatehouse up (on Java 17 they are not read).");
    }

    void demo() throws Exception {
        log("");
        log("Setting up the demo account (through the public APIs):");
        try {
            new DemoSetup(
                            stack.sso().url(),
                            stack.users().url(),
                            stack.directory().url(),
                            "http://localhost:" + stack.sim().port,
                            stack.operatorToken())
                    .run();
        } catch (Exception e) {
            die("demo set-up failed: " + e.getMessage());
        }
        String sso = "http://localhost:" + stack.sso().port;
        String sim = "http://localhost:" + stack.sim().port;
        log("");
        log("Demo: open " + sso + "/sso/login and sign in with SSO as one of (the simulator's login form");
        log("asks only for the email):");
        log("  ada@acme.test       Acme Admins        -> ADMIN (can open Settings: " + sso + "/app)");
        log("  grace@acme.test     Acme Supervisors   -> SUPERVISOR");
        log("  alan@acme.test      Acme Agents        -> AGENT");
        log("  margaret@acme.test  Acme Support (dynamic, nested in Agents) -> AGENT");
        log("  ken@acme.test       suspended in JumpCloud -> refused");
        log("  dennis@acme.test    in no group bound to the app -> \"User not recognized\"");
        log("Or start from the JumpCloud tile (IdP-initiated): " + sim + "/saml2/gatehouse-demo");
        log("Revoke access: curl -X DELETE " + sim
                + "/sim/groups/65b000000000000000000003/members/65a000000000000000000003");
        log("  (alan leaves Acme Agents; SCIM push revokes him at once and his session ends)");
        log("Grant it back: curl -X PUT  " + sim
                + "/sim/groups/65b000000000000000000003/members/65a000000000000000000003");
    }

    void status() {
        List<String> names = new ArrayList<>(List.of(POSTGRES, KAFKA));
        names.addAll(GatehouseStack.SERVICES);
        for (String name : names) {
            String text = "stopped";
            Optional<ProcessHandle> p = alive(name);
            if (p.isPresent()) {
                text = "running (pid " + p.get().pid() + ")";
                GatehouseStack.Service s = stack.service(name);
                if (s != null) {
                    s.adopt(p.get());
                    text += s.ready() ? ", ready" : ", not ready";
                }
            } else if (name.equals(POSTGRES) && orphanPostgres().isPresent()) {
                text = "launcher stopped, but its server still runs (pid "
                        + orphanPostgres().get().pid() + "): ./gatehouse up restarts it";
            }
            System.out.printf("  %-20s %s%n", name, text);
        }
    }

    void down() {
        List<String> order = new ArrayList<>(GatehouseStack.SERVICES);
        java.util.Collections.reverse(order);
        order.addAll(List.of(KAFKA, POSTGRES));
        for (String name : order) {
            Optional<ProcessHandle> p = alive(name);
            if (p.isPresent()) {
                terminate(p.get(), 15);
                log("  stopped " + name);
            }
            try {
                Files.deleteIfExists(pidFile(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // the PostgreSQL server itself, should its launcher have died without stopping it
        Optional<ProcessHandle> server = serverOf(data.resolve("postgres/data/postmaster.pid"));
        if (server.isPresent()) {
            interruptPostgres(server.get());
            log("  stopped postgres server");
        }
    }

    /** The settings of a module for {@code ./gatehouse dev}: database, broker, operator token, JWKS. */
    void env(String module) {
        GatehouseStack.Service service = stack.service(module);
        Map<String, String> settings = stack.settings(
                service == null || service.name.equals(GatehouseStack.SIMULATOR) ? GatehouseStack.USERS : module);
        for (String key : List.of(
                "quarkus.datasource.jdbc.url",
                "quarkus.datasource.username",
                "quarkus.datasource.password",
                "kafka.bootstrap.servers",
                "gatehouse.operator-token",
                "gatehouse.auth.jwks-url")) {
            String value = settings.get(key);
            if (key.equals("quarkus.datasource.jdbc.url") && !GatehouseStack.DATABASES.containsKey(module)) {
                value = value.substring(0, value.lastIndexOf('/') + 1) + "test";
            }
            System.out.println(GatehouseStack.envName(key) + "=" + value);
        }
    }

    void foreground() throws InterruptedException {
        log("");
        log("Press Ctrl-C to stop everything.");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("");
            log("Stopping ...");
            down();
        }));
        while (true) {
            Thread.sleep(2000);
            for (String name : List.of(POSTGRES, KAFKA)) {
                if (alive(name).isEmpty()) {
                    log(name + " exited unexpectedly; see " + rel(logs.resolve(name + ".log")));
                    System.exit(1); // the shutdown hook stops the rest
                }
            }
        }
    }

    // ---- processes

    private void startInfra() {
        Path pgData = data.resolve("postgres");
        if (alive(POSTGRES).isEmpty()) {
            stopOrphanPostgres();
        }
        startProcess(
                POSTGRES,
                pgPort,
                () -> JavaProcess.start(
                        PostgresMain.class.getName(),
                        List.of("-Xmx256m"),
                        List.of(pgData.toString(), Integer.toString(pgPort), "sso", "users", "directory"),
                        logs.resolve(POSTGRES + ".log"),
                        true));
        startProcess(
                KAFKA,
                kafkaPort,
                () -> JavaProcess.start(
                        KafkaMain.class.getName(),
                        List.of("-Xms256m", "-Xmx512m"),
                        List.of(
                                data.resolve(KAFKA).toString(),
                                Integer.toString(kafkaPort),
                                Integer.toString(controllerPort)),
                        logs.resolve(KAFKA + ".log"),
                        true));
    }

    private void start(String name) {
        GatehouseStack.Service s = stack.service(name);
        Optional<ProcessHandle> running = alive(name);
        if (running.isPresent()) {
            s.adopt(running.get());
            log("  " + name + " already running (pid " + running.get().pid() + ")");
            return;
        }
        if (!Files.exists(GatehouseStack.jar(root, name))) {
            log("  " + name + " is not built yet; skipped");
            return;
        }
        startProcess(name, s.port, () -> s.launch().pid());
    }

    private interface Starter {
        Object start();
    }

    /** Starts a process unless it runs already or another program holds its port (then records the failure). */
    private void startProcess(String name, int port, Starter starter) {
        Optional<ProcessHandle> running = alive(name);
        if (running.isPresent()) {
            if (stack.service(name) == null) {
                log("  " + name + " already running (pid " + running.get().pid() + ")");
            }
            return;
        }
        if (Ports.open(port)) {
            log("  " + name + " NOT started: port " + port + " is already in use by another program");
            failed.add(name + " (port " + port + " in use)");
            return;
        }
        Object started = starter.start();
        long pid = started instanceof Process p ? p.pid() : (Long) started;
        try {
            Files.createDirectories(pids);
            Files.writeString(pidFile(name), Long.toString(pid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log("  started " + name + " (pid " + pid + ", log " + rel(logs.resolve(name + ".log")) + ")");
    }

    /** PostgreSQL's port opens before its databases exist: wait for the launcher's ready file (with its pid). */
    private void waitInfra() {
        Optional<ProcessHandle> pg = alive(POSTGRES);
        if (pg.isPresent()) {
            String pid = Long.toString(pg.get().pid());
            Path ready = data.resolve("postgres/ready");
            waitFor(POSTGRES, () -> pid.equals(read(ready)), "not ready after 120 s");
        }
        if (alive(KAFKA).isPresent()) {
            waitFor(KAFKA, () -> Ports.open(kafkaPort), "did not open port " + kafkaPort);
        }
    }

    private void waitFor(String name, java.util.function.BooleanSupplier done, String timeout) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!done.getAsBoolean()) {
            if (alive(name).isEmpty()) {
                die(name + " exited; see " + rel(logs.resolve(name + ".log")));
            }
            if (System.nanoTime() > deadline) {
                die(name + " " + timeout);
            }
            GatehouseStack.sleep(100);
        }
    }

    private void reportFailures() {
        if (failed.isEmpty()) {
            return;
        }
        log("");
        log("gatehouse: not started: " + String.join(" ", failed));
        log("  stop the other program (or choose other ports: GATEHOUSE_PG_PORT, GATEHOUSE_KAFKA_PORT, "
                + "GATEHOUSE_DNS_PORT, GATEHOUSE_SSO_PORT, GATEHOUSE_USER_PORT, GATEHOUSE_DIRECTORY_PORT, "
                + "GATEHOUSE_SIMULATOR_PORT),");
        log("  then run the same command again: what is running stays, what is missing starts.");
        System.exit(1);
    }

    private Optional<ProcessHandle> alive(String name) {
        String pid = read(pidFile(name));
        if (pid == null || pid.isBlank()) {
            return Optional.empty();
        }
        try {
            // a pid reused by another program after a reboot is not ours: only a JVM is
            return ProcessHandle.of(Long.parseLong(pid.trim()))
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(true));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The PostgreSQL server left running after its launcher was killed (its pid from postmaster.pid), if any. */
    private Optional<ProcessHandle> orphanPostgres() {
        if (alive(POSTGRES).isPresent()) {
            return Optional.empty();
        }
        return serverOf(data.resolve("postgres/data/postmaster.pid"));
    }

    private void stopOrphanPostgres() {
        Optional<ProcessHandle> orphan = orphanPostgres();
        if (orphan.isPresent()) {
            log("  stopping the PostgreSQL server (pid " + orphan.get().pid() + ") left behind by a killed launcher");
            interruptPostgres(orphan.get());
        }
    }

    private static Optional<ProcessHandle> serverOf(Path postmasterPid) {
        String content = read(postmasterPid);
        if (content == null || content.isBlank()) {
            return Optional.empty();
        }
        try {
            return ProcessHandle.of(Long.parseLong(
                            content.lines().findFirst().orElse("").trim()))
                    .filter(ProcessHandle::isAlive);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for every client to leave); SIGKILL after 15 s. */
    private static void interruptPostgres(ProcessHandle server) {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(server.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (IOException e) {
            server.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        terminate(server, 15);
    }

    private static void terminate(ProcessHandle p, int seconds) {
        p.destroy();
        try {
            p.onExit().get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            p.onExit().join();
        }
    }

    // ---- files and environment

    private Path pidFile(String name) {
        return pids.resolve(name + ".pid");
    }

    /** A persistent random secret under the state directory (operator token: base64url; keys: base64). */
    private String secret(String name, int bytes, boolean urlSafe) {
        Path f = state.resolve(name);
        String existing = read(f);
        if (existing != null && !existing.isBlank()) {
            return existing.trim();
        }
        byte[] b = new byte[bytes];
        new java.security.SecureRandom().nextBytes(b);
        String value = urlSafe
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(b)
                : Base64.getEncoder().encodeToString(b);
        try {
            Files.createDirectories(state);
            Files.writeString(f, value);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        return value;
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private String rel(Path p) {
        return p.startsWith(root) ? root.relativize(p).toString() : p.toString();
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v;
    }

    private static int intEnv(String name, int otherwise) {
        return Integer.parseInt(env(name, Integer.toString(otherwise)));
    }

    private static void log(String line) {
        System.err.println(line);
    }

    private static void die(String message) {
        log("gatehouse: " + message);
        System.exit(1);
    }
}
