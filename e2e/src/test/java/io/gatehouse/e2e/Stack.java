package io.gatehouse.e2e;

import io.gatehouse.localstack.Ports;
import io.gatehouse.testsupport.Kafka;
import io.gatehouse.testsupport.Postgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The whole Gatehouse stack as it runs in production, each part its own process: PostgreSQL (embedded
 * binaries), a Kafka KRaft broker, the JumpCloud simulator and the three services from their built jars, on free
 * loopback ports. Started once per test JVM.
 */
public final class Stack implements Flows.Endpoints {
    private static Stack instance;

    public final String operatorToken = "e2e-operator-" + random(12);
    public final String encryptionKey = Base64.getEncoder().encodeToString(randomBytes(32));
    public final String jwtKeyEncryptionKey = Base64.getEncoder().encodeToString(randomBytes(32));
    public final Path root;
    public final Path logs;
    public final Map<String, Service> services = new LinkedHashMap<>();
    public final int dnsPort = Ports.free();
    /**
     * A second JumpCloud API host that directory-service's operator allow-list names (loopback-base-urls) and on
     * which nothing listens unless a test binds a trap server there: tests of the rule that a stored API key never
     * follows a changed {@code apiBaseUrl}, even to an allowed host.
     */
    public final int allowedTrapPort = Ports.free();

    /** A service process; restartable. */
    public final class Service {
        public final String name;
        public final int port;
        final List<String> command;
        Process process;

        Service(String name, int port, List<String> command) {
            this.name = name;
            this.port = port;
            this.command = command;
        }

        public String url() {
            return "http://127.0.0.1:" + port;
        }

        public synchronized void start() {
            try {
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(
                                logs.resolve(name + ".log").toFile()))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            awaitReady(this);
        }

        /** kill -9, as a crashed pod. */
        public synchronized void kill() {
            if (process != null) {
                process.destroyForcibly();
                try {
                    process.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        public synchronized void stop() {
            if (process != null) {
                process.destroy();
                try {
                    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        public Path log() {
            return logs.resolve(name + ".log");
        }
    }

    public static synchronized Stack get() {
        if (instance == null) {
            instance = new Stack();
            instance.startAll();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stopAll));
        }
        return instance;
    }

    private Stack() {
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("jumpcloud-simulator"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project root from " + System.getProperty("user.dir"));
        }
        root = dir;
        logs = Paths.get(System.getProperty("user.dir"), "target", "stack-logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts another replica of a service: the same jar and settings (same database, broker and public URLs) on
     * another port, as a second pod behind the same Service would run.
     */
    public Service replica(String name) {
        Service original = services.get(name);
        int port = Ports.free();
        List<String> cmd = new ArrayList<>();
        for (String arg : original.command) {
            cmd.add(arg.startsWith("-Dquarkus.http.port=") ? "-Dquarkus.http.port=" + port : arg);
        }
        Service replica = new Service(name + "-replica-" + port, port, cmd);
        replica.start();
        Runtime.getRuntime().addShutdownHook(new Thread(replica::stop));
        return replica;
    }

    @Override
    public String operatorToken() {
        return operatorToken;
    }

    @Override
    public String simUrl() {
        return sim().url();
    }

    @Override
    public String ssoUrl() {
        return sso().url();
    }

    @Override
    public String usersUrl() {
        return users().url();
    }

    @Override
    public String directoryUrl() {
        return directory().url();
    }

    public Service sim() {
        return services.get("jumpcloud-simulator");
    }

    public Service sso() {
        return services.get("sso-service");
    }

    public Service users() {
        return services.get("user-service");
    }

    public Service directory() {
        return services.get("directory-service");
    }

    private void startAll() {
        Postgres pg = Postgres.get();
        String kafka = Kafka.get().bootstrapServers();
        int simPort = Ports.free();
        int ssoPort = Ports.free();
        int usersPort = Ports.free();
        int directoryPort = Ports.free();
        String ssoUrl = "http://127.0.0.1:" + ssoPort;

        add(
                "jumpcloud-simulator",
                simPort,
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
        List<String> usersArgs = new ArrayList<>(common);
        usersArgs.add("-Dquarkus.datasource.jdbc.url=" + pg.database("users"));
        add("user-service", usersPort, usersArgs);
        List<String> ssoArgs = new ArrayList<>(common);
        ssoArgs.add("-Dquarkus.datasource.jdbc.url=" + pg.database("sso"));
        ssoArgs.add("-Dgatehouse.sso.public-base-url=" + ssoUrl);
        ssoArgs.add("-Dgatehouse.sso.dns.resolver=127.0.0.1:" + dnsPort);
        ssoArgs.add("-Dgatehouse.sso.jwt.key-encryption-key=" + jwtKeyEncryptionKey);
        ssoArgs.add("-Dgatehouse.sso.user-service-url=http://127.0.0.1:" + usersPort);
        ssoArgs.add("-Dgatehouse.sso.directory-service-url=http://127.0.0.1:" + directoryPort);
        add("sso-service", ssoPort, ssoArgs);
        List<String> dirArgs = new ArrayList<>(common);
        dirArgs.add("-Dquarkus.datasource.jdbc.url=" + pg.database("directory"));
        dirArgs.add("-Dgatehouse.directory.encryption-key=" + encryptionKey);
        dirArgs.add("-Dgatehouse.directory.public-base-url=http://127.0.0.1:" + directoryPort);
        dirArgs.add("-Dgatehouse.directory.scheduler.tick=1s");
        dirArgs.add("-Dgatehouse.directory.jumpcloud.loopback-base-urls=http://127.0.0.1:" + simPort
                + ",http://127.0.0.1:" + allowedTrapPort);
        add("directory-service", directoryPort, dirArgs);

        for (Service s : services.values()) {
            try {
                s.process = new ProcessBuilder(s.command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(
                                logs.resolve(s.name + ".log").toFile()))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (Service s : services.values()) {
            awaitReady(s);
        }
    }

    private void add(String name, int port, List<String> args) {
        Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(name + " is not built (" + jar + "); run mvn -B verify from the root");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx384m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        cmd.addAll(args);
        cmd.add("-jar");
        cmd.add(jar.toString());
        services.put(name, new Service(name, port, cmd));
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private void awaitReady(Service s) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!s.process.isAlive()) {
                throw new IllegalStateException(s.name + " exited with " + s.process.exitValue() + "; see " + s.log());
            }
            try {
                HttpResponse<String> r = HTTP.send(
                        HttpRequest.newBuilder(URI.create(s.url() + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(150);
        }
        throw new IllegalStateException(s.name + " not ready after 120 s; see " + s.log());
    }

    private void stopAll() {
        List<Service> reversed = new ArrayList<>(services.values());
        java.util.Collections.reverse(reversed);
        reversed.forEach(Service::stop);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
