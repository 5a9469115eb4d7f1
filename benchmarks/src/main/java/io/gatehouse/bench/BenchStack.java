package io.gatehouse.bench;

import io.gatehouse.localstack.Ports;
import io.gatehouse.testsupport.Kafka;
import io.gatehouse.testsupport.Postgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack as the e2e suite starts it (test-support's embedded PostgreSQL and KRaft broker, the simulator and
 * the three services from their built {@code quarkus-run.jar}s with the same {@code -D} settings), each service
 * started on its own so that its time to ready can be measured. Differences from the e2e Stack: full JIT (no
 * {@code TieredStopAtLevel=1}), directory-service with {@code -Xmx512m} and a GC log, scheduler tick 1 s.
 */
final class BenchStack implements AutoCloseable {
    final String operatorToken = "bench-operator-" + random(12);
    final String encryptionKey = Base64.getEncoder().encodeToString(randomBytes(32));
    final Path root;
    final Path logs;
    final int dnsPort = Ports.free();
    final Map<String, Service> services = new LinkedHashMap<>();
    final Map<String, Double> startupSeconds = new LinkedHashMap<>();
    /** CPU (user + system) each service spent until ready: steadier than seconds on a shared machine. */
    final Map<String, Double> startupCpuSeconds = new LinkedHashMap<>();

    Postgres pg;
    String kafka;

    final class Service {
        final String name;
        final int port;
        final List<String> command;
        /** The working directory (null: the benchmark's own). */
        Path directory;

        Process process;

        Service(String name, int port, List<String> command) {
            this.name = name;
            this.port = port;
            this.command = command;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        long pid() {
            return process.pid();
        }

        Path log() {
            return logs.resolve(name + ".log");
        }
    }

    /**
     * The abuse limits of the benchmarks: every request of the driver comes from 127.0.0.1 and most go to one
     * account, at rates far above any real client's, so each per-address and per-account limit is raised to
     * 10,000,000 per minute (the reports say so). {@link AcsFloodBenchmark} keeps the defaults instead.
     */
    static final List<String> RAISED_LIMITS = raisedLimits();

    private final List<String> limitArgs;

    BenchStack() {
        this(RAISED_LIMITS);
    }

    /** {@code limitArgs}: the {@code -Dgatehouse.abuse-limits.*} settings of every service. */
    BenchStack(List<String> limitArgs) {
        this.limitArgs = List.copyOf(limitArgs);
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("jumpcloud-simulator"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project root from " + System.getProperty("user.dir"));
        }
        root = dir;
        logs = Paths.get(System.getProperty("user.dir"), "target", "benchmarks", "stack-logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port of the embedded PostgreSQL server (from its JDBC URL). */
    int pgPort() {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("//[^:/]+:(\\d+)/").matcher(pg.database("users"));
        return m.find() ? Integer.parseInt(m.group(1)) : 5432;
    }

    Service sim() {
        return services.get("jumpcloud-simulator");
    }

    Service sso() {
        return services.get("sso-service");
    }

    Service users() {
        return services.get("user-service");
    }

    Service directory() {
        return services.get("directory-service");
    }

    /** Starts everything; each service alone, timed from process start to {@code /q/health/ready} 200. */
    BenchStack start() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close)); // an interrupted run leaves no service behind
        pg = Postgres.get();
        kafka = Kafka.get().bootstrapServers();
        int simPort = Ports.free();
        int ssoPort = Ports.free();
        int usersPort = Ports.free();
        int directoryPort = Ports.free();
        String ssoUrl = "http://127.0.0.1:" + ssoPort;
        add(
                "jumpcloud-simulator",
                simPort,
                List.of("-Xmx512m"),
                List.of(
                        "-Dsimulator.dns.port=" + dnsPort,
                        "-Dsimulator.public-url=http://127.0.0.1:" + simPort,
                        "-Dsimulator.demo.sp-base-url=" + ssoUrl));
        List<String> common = List.of(
                "-Dquarkus.datasource.username=" + pg.user(),
                "-Dquarkus.datasource.password=" + pg.password(),
                "-Dkafka.bootstrap.servers=" + kafka,
                "-Dgatehouse.operator-token=" + operatorToken,
                "-Dgatehouse.auth.jwks-url=" + ssoUrl + "/.well-known/jwks.json");
        common = new ArrayList<>(common);
        common.addAll(limitArgs);
        List<String> usersArgs = new ArrayList<>(common);
        usersArgs.add("-Dquarkus.datasource.jdbc.url=" + pg.database("users"));
        add("user-service", usersPort, List.of("-Xmx384m"), usersArgs);
        List<String> ssoArgs = new ArrayList<>(common);
        ssoArgs.add("-Dquarkus.datasource.jdbc.url=" + pg.database("sso"));
        ssoArgs.add("-Dgatehouse.sso.public-base-url=" + ssoUrl);
        ssoArgs.add("-Dgatehouse.sso.dns.resolver=127.0.0.1:" + dnsPort);
        // required in prod (RequiredSecrets): sso-service refuses to start without it
        ssoArgs.add(
                "-Dgatehouse.sso.jwt.key-encryption-key=" + Base64.getEncoder().encodeToString(randomBytes(32)));
        add("sso-service", ssoPort, List.of("-Xmx384m"), ssoArgs);
        List<String> dirArgs = new ArrayList<>(common);
        dirArgs.add("-Dquarkus.datasource.jdbc.url=" + pg.database("directory"));
        dirArgs.add("-Dgatehouse.directory.encryption-key=" + encryptionKey);
        dirArgs.add("-Dgatehouse.directory.public-base-url=http://127.0.0.1:" + directoryPort);
        dirArgs.add("-Dgatehouse.directory.scheduler.tick=1s");
        dirArgs.add("-Dgatehouse.directory.jumpcloud.loopback-base-urls=http://127.0.0.1:" + simPort);
        add(
                "directory-service",
                directoryPort,
                List.of("-Xmx512m", "-Xlog:gc:file=" + logs.resolve("directory-gc.log")),
                dirArgs);
        for (Service s : services.values()) {
            long t0 = System.nanoTime();
            try {
                s.process = new ProcessBuilder(s.command)
                        .directory(s.directory == null ? null : s.directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(s.log().toFile()))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            awaitReady(s);
            startupSeconds.put(s.name, (System.nanoTime() - t0) / 1e9);
            startupCpuSeconds.put(
                    s.name, io.gatehouse.testsupport.ProcessCpu.ticks(s.pid(), false) * ProcCpu.TICK_MS / 1000);
        }
        return this;
    }

    private void add(String name, int port, List<String> jvm, List<String> args) {
        Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(name + " is not built (" + jar + "); run mvn -B verify from the root");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.add(JvmThreads.KEEP_COMPILER_THREADS); // so that a window's JIT CPU stays countable (JvmThreads)
        // the AppCDS archive of the package (quarkus.package.jar.appcds): Java 17 checks the class path recorded in it,
        // which is relative (quarkus-run.jar, lib/boot/...), so such a service runs from its quarkus-app directory
        Path archive = jar.resolveSibling("app-cds.jsa");
        boolean appCds = Files.exists(archive) && !Boolean.getBoolean("bench.no-appcds");
        if (appCds) {
            cmd.add("-XX:SharedArchiveFile=" + archive);
        }
        if (LoginTarget.profiling()) {
            cmd.add(LoginTarget.BOOT_RECORDING);
        }
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        cmd.addAll(args);
        cmd.add("-jar");
        cmd.add(appCds ? jar.getFileName().toString() : jar.toString());
        Service service = new Service(name, port, cmd);
        service.directory = appCds ? jar.getParent() : null;
        services.put(name, service);
    }

    private void awaitReady(Service s) {
        Http.awaitOk(s.url() + "/q/health/ready", s.process, Duration.ofSeconds(180), 25, s.name, s.log());
    }

    @Override
    public synchronized void close() {
        List<Service> reversed = new ArrayList<>(services.values());
        java.util.Collections.reverse(reversed);
        for (Service s : reversed) {
            if (s.process != null) {
                s.process.destroy();
                try {
                    if (!s.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                        s.process.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static List<String> raisedLimits() {
        List<String> args = new ArrayList<>();
        for (String endpoint : List.of("login", "acs", "console-api", "scim", "admin-api")) {
            args.add("-Dgatehouse.abuse-limits." + endpoint + ".per-address=10000000");
            args.add("-Dgatehouse.abuse-limits." + endpoint + ".per-account=10000000");
        }
        return List.copyOf(args);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static String random(int n) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(n));
    }
}
