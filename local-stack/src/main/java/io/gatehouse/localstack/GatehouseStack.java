package io.gatehouse.localstack;

import java.io.File;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The one launcher of the Gatehouse services: which processes make the stack (the JumpCloud simulator and the
 * three services from their built {@code quarkus-run.jar}s), which settings each gets (database, broker, operator
 * token, keys, public and internal URLs, the simulator's DNS), their start order, the wait for
 * {@code /q/health/ready} and the stop (SIGTERM, then SIGKILL). {@code ./gatehouse} ({@link StackMain}), the e2e
 * {@code Stack} and the benchmarks' {@code BenchStack} all start the services through it; they differ only in the
 * {@link Options} they pass (ports, JVM flags, extra settings such as raised abuse limits or a short token TTL).
 * PostgreSQL and Kafka are given ({@link Infra}): {@link StackMain} runs them as processes of its own, the tests
 * take them from test-support (restartable, or containers, or external).
 */
public final class GatehouseStack implements AutoCloseable {
    public static final String SIMULATOR = "jumpcloud-simulator";
    public static final String USERS = "user-service";
    public static final String SSO = "sso-service";
    public static final String DIRECTORY = "directory-service";

    /** The services in start order (the simulator first: the others name it; sso-service serves the JWKS). */
    public static final List<String> SERVICES = List.of(SIMULATOR, USERS, SSO, DIRECTORY);

    /** The database of each service (the simulator has none). */
    /**
     * Every service's JVM flags before {@link Options#jvm}, as in the shipped containers: the serial collector, which
     * the JVM picks there on its own (one CPU, 512-768 MiB limits; ADR 0023), and no {@code hsperfdata} sampling,
     * whose 20 ticks a second were 1-2 ms of CPU per second per idle JVM (jcmd still attaches by pid).
     */
    public static final List<String> RUNTIME_JVM = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData");
    /** A service's AOT cache, beside its {@code quarkus-run.jar} (ADR 0032). */
    public static final String AOT_CACHE = "app.aot";
    /** The first Java whose JVM trains and reads an AOT cache in one step (JEP 514). */
    public static final int AOT_CACHE_JAVA = 25;
    /** A service's AppCDS archive, beside its {@code quarkus-run.jar} (ADR 0021). */
    public static final String APP_CDS_ARCHIVE = "app-cds.jsa";

    public static final Map<String, String> DATABASES = Map.of(USERS, "users", SSO, "sso", DIRECTORY, "directory");

    /** Settings passed through the environment rather than the command line, so {@code ps} does not show them. */
    private static final Set<String> SECRET_SETTINGS = Set.of(
            "quarkus.datasource.password",
            "gatehouse.operator-token",
            "gatehouse.directory.encryption-key",
            "gatehouse.sso.jwt.key-encryption-key");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * PostgreSQL and Kafka as the services reach them: a JDBC base URL ending in {@code /} (a database name is
     * appended), its user and password, and the bootstrap servers.
     */
    public record Infra(String jdbcBase, String dbUser, String dbPassword, String kafkaBootstrap) {
        public Infra {
            Objects.requireNonNull(jdbcBase);
            Objects.requireNonNull(kafkaBootstrap);
            jdbcBase = jdbcBase.endsWith("/") ? jdbcBase : jdbcBase + "/";
        }
    }

    /** How one stack differs from another. Every field has a default; set what differs. */
    public static final class Options {
        /** The project root (holding {@code sso-service/target/quarkus-app/quarkus-run.jar} etc.). */
        public Path root = projectRoot();
        /** Where each process's output goes ({@code <name>.log}). */
        public Path logs = Paths.get("target", "stack-logs");
        /** Each service's HTTP port; a missing one is a free loopback port. */
        public final Map<String, Integer> ports = new LinkedHashMap<>();
        /** The simulator's DNS server (TXT records for domain verification). */
        public int dnsPort = -1;
        /** The host in the URLs that browsers see (public base URLs, the simulator's SP URL). */
        public String publicHost = "127.0.0.1";
        /** sso-service's public base URL when it is not {@code http://<publicHost>:<sso port>}. */
        public String ssoPublicBaseUrl;
        /** Prepended to every database name (a second stack on the same PostgreSQL server). */
        public String databasePrefix = "";

        public String operatorToken = "op-" + random(18);
        /** directory-service's key for the API keys it stores (base64, 32 bytes). */
        public String encryptionKey = randomKey();
        /** sso-service's key for the JWT signing keys it stores (base64, 32 bytes). */
        public String jwtKeyEncryptionKey = randomKey();
        /** More JumpCloud API base URLs on loopback that directory-service may call (the simulator's always). */
        public final List<String> extraJumpCloudUrls = new ArrayList<>();
        /** JVM flags of every service, then each service's own (added after, so they win). */
        public List<String> jvm = List.of("-Xmx512m");

        public final Map<String, List<String>> serviceJvm = new LinkedHashMap<>();
        /** Extra settings of every process ({@code -D}), e.g. raised abuse limits. */
        public final Map<String, String> settings = new LinkedHashMap<>();
        /** Extra settings of one service, over the common ones. */
        public final Map<String, Map<String, String>> serviceSettings = new LinkedHashMap<>();
        /** Start each process under {@code nohup}, so that it outlives the terminal ({@code ./gatehouse --detach}). */
        public boolean detached;
        /**
         * Start a service with its start-up archive when there is one ({@link #startupArchive}): on Java 25 or newer
         * the AOT cache {@code ./gatehouse aot} trained (ADR 0032), else the AppCDS archive its package made
         * ({@code -Dquarkus.package.jar.appcds.enabled=true}, ADR 0021); {@code -Dgatehouse.no-appcds=true} turns
         * both off to compare.
         */
        public boolean appCds = !Boolean.getBoolean("gatehouse.no-appcds");
        /**
         * Start every service to train its AOT cache: the JVM writes {@code app.aot} beside its jar when it exits
         * (Java 25 or newer; {@code ./gatehouse aot}, ADR 0032). Stopping then waits {@link #stopTimeout} for it.
         */
        public boolean aotTraining;
        /** How long a stop waits after SIGTERM before SIGKILL (a training JVM writes its AOT cache then). */
        public Duration stopTimeout = Duration.ofSeconds(20);

        public Duration readyTimeout = Duration.ofSeconds(120);
        /** How often {@code /q/health/ready} is asked while a service starts (the benchmarks time start-up). */
        public Duration readyPoll = Duration.ofMillis(100);

        public Options port(String service, int port) {
            ports.put(service, port);
            return this;
        }

        public Options set(String key, String value) {
            settings.put(key, value);
            return this;
        }

        public Options set(String service, String key, String value) {
            serviceSettings.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        public Options jvm(String service, String... flags) {
            serviceJvm.computeIfAbsent(service, s -> new ArrayList<>()).addAll(List.of(flags));
            return this;
        }
    }

    /** A service process: started, adopted from a pid ({@code ./gatehouse}), stopped, killed, started again. */
    public final class Service {
        public final String name;
        public final int port;
        private final List<String> command;
        private final Map<String, String> environment;
        private final Path directory;
        private ProcessHandle handle;
        private Process process;

        Service(String name, int port, List<String> command, Map<String, String> environment, Path directory) {
            this.name = name;
            this.port = port;
            this.command = List.copyOf(command);
            this.environment = Map.copyOf(environment);
            this.directory = directory;
        }

        public String url() {
            return "http://127.0.0.1:" + port;
        }

        public Path log() {
            return options.logs.resolve(name + ".log");
        }

        public long pid() {
            return handle.pid();
        }

        public boolean isAlive() {
            return handle != null && handle.isAlive();
        }

        /** Starts the process and returns at once (see {@link #awaitReady()}). */
        public synchronized Service launch() {
            try {
                Files.createDirectories(log().getParent());
                List<String> cmd = new ArrayList<>();
                if (options.detached && Files.isExecutable(Paths.get(JavaProcess.NOHUP))) {
                    cmd.add(JavaProcess.NOHUP);
                }
                cmd.addAll(command);
                ProcessBuilder pb = new ProcessBuilder(cmd)
                        .directory(directory == null ? null : directory.toFile())
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
                pb.environment().putAll(environment);
                process = pb.start();
                handle = process.toHandle();
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Starts the process and waits until it is ready. */
        public Service start() {
            launch();
            awaitReady();
            return this;
        }

        /** Takes over a process started earlier (by another launcher JVM, known from its pid file). */
        public synchronized void adopt(ProcessHandle running) {
            handle = running;
            process = null;
        }

        /** Waits until {@code /q/health/ready} answers 200; throws if the process exits or the time runs out. */
        public void awaitReady() {
            long deadline = System.nanoTime() + options.readyTimeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!isAlive()) {
                    String exit = process == null ? "" : " with " + process.exitValue();
                    throw new IllegalStateException(name + " exited" + exit + "; see " + log());
                }
                if (ready()) {
                    return;
                }
                sleep(options.readyPoll.toMillis());
            }
            throw new IllegalStateException(
                    name + " not ready after " + options.readyTimeout.toSeconds() + " s; see " + log());
        }

        /** {@code /q/health/ready} answers 200 now. */
        public boolean ready() {
            try {
                HttpResponse<Void> r = HTTP.send(
                        HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return r.statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** kill -9, as a crashed pod. */
        public synchronized void kill() {
            if (handle != null) {
                handle.destroyForcibly();
                handle.onExit().join();
            }
        }

        /** SIGTERM (Quarkus shuts down gracefully), SIGKILL after {@link Options#stopTimeout} (20 s). */
        public synchronized void stop() {
            if (handle != null && handle.isAlive()) {
                handle.destroy();
                try {
                    handle.onExit().get(options.stopTimeout.toSeconds(), TimeUnit.SECONDS);
                } catch (Exception e) {
                    handle.destroyForcibly();
                    handle.onExit().join();
                }
            }
        }
    }

    private final Options options;
    private final Infra infra;
    private final int dnsPort;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final List<Service> replicas = Collections.synchronizedList(new ArrayList<>());

    public GatehouseStack(Infra infra, Options options) {
        this.infra = infra;
        this.options = options;
        this.dnsPort = options.dnsPort > 0 ? options.dnsPort : Ports.free();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String s : SERVICES) {
            ports.put(s, options.ports.containsKey(s) ? options.ports.get(s) : Ports.free());
        }
        for (String s : SERVICES) {
            services.put(s, service(s, s, ports.get(s), settings(s, ports)));
        }
    }

    /** The settings a service gets, by Quarkus property name. */
    public Map<String, String> settings(String service) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        services.values().forEach(s -> ports.put(s.name, s.port));
        return settings(service, ports);
    }

    private Map<String, String> settings(String service, Map<String, Integer> ports) {
        String publicSso = options.ssoPublicBaseUrl != null
                ? options.ssoPublicBaseUrl
                : "http://" + options.publicHost + ":" + ports.get(SSO);
        String sim = "http://" + options.publicHost + ":" + ports.get(SIMULATOR);
        Map<String, String> s = new LinkedHashMap<>();
        s.put("quarkus.http.port", Integer.toString(ports.get(service)));
        if (service.equals(SIMULATOR)) {
            s.put("simulator.dns.port", Integer.toString(dnsPort));
            s.put("simulator.public-url", sim);
            s.put("simulator.demo.sp-base-url", publicSso);
        } else {
            s.put("quarkus.datasource.jdbc.url", infra.jdbcBase() + options.databasePrefix + DATABASES.get(service));
            s.put("quarkus.datasource.username", infra.dbUser());
            s.put("quarkus.datasource.password", infra.dbPassword());
            s.put("kafka.bootstrap.servers", infra.kafkaBootstrap());
            s.put("gatehouse.operator-token", options.operatorToken);
            s.put("gatehouse.auth.jwks-url", "http://127.0.0.1:" + ports.get(SSO) + "/.well-known/jwks.json");
        }
        if (service.equals(SSO)) {
            s.put("gatehouse.sso.public-base-url", publicSso);
            s.put("gatehouse.sso.dns.resolver", "127.0.0.1:" + dnsPort);
            s.put("gatehouse.sso.jwt.key-encryption-key", options.jwtKeyEncryptionKey);
            s.put("gatehouse.sso.user-service-url", "http://127.0.0.1:" + ports.get(USERS));
            s.put("gatehouse.sso.directory-service-url", "http://127.0.0.1:" + ports.get(DIRECTORY));
        }
        if (service.equals(DIRECTORY)) {
            s.put("gatehouse.directory.encryption-key", options.encryptionKey);
            s.put("gatehouse.directory.public-base-url", "http://" + options.publicHost + ":" + ports.get(DIRECTORY));
            // the simulator is the local JumpCloud: the operator allow-list names it (loopback only, plain http)
            List<String> jumpCloud = new ArrayList<>();
            jumpCloud.add("http://127.0.0.1:" + ports.get(SIMULATOR));
            if (!options.publicHost.equals("127.0.0.1")) {
                jumpCloud.add(sim);
            }
            jumpCloud.addAll(options.extraJumpCloudUrls);
            s.put("gatehouse.directory.jumpcloud.loopback-base-urls", String.join(",", jumpCloud));
        }
        s.putAll(options.settings);
        s.putAll(options.serviceSettings.getOrDefault(service, Map.of()));
        return s;
    }

    private Service service(String name, String module, int port, Map<String, String> settings) {
        Path jar = jar(options.root, module);
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(RUNTIME_JVM);
        cmd.addAll(options.jvm);
        cmd.addAll(options.serviceJvm.getOrDefault(module, List.of()));
        Map<String, String> env = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (SECRET_SETTINGS.contains(k)) {
                env.put(envName(k), v);
            } else {
                cmd.add("-D" + k + "=" + v);
            }
        });
        // the JVM checks the class path an archive or cache recorded, relative to quarkus-app (quarkus-run.jar,
        // lib/boot/...): with one, the service runs from that directory
        List<String> archive =
                startupArchive(jar.getParent(), Runtime.version().feature(), options.appCds, options.aotTraining);
        if (!archive.isEmpty()) {
            cmd.addAll(archive);
            cmd.add("-jar");
            cmd.add(jar.getFileName().toString());
            return new Service(name, port, cmd, env, jar.getParent());
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        return new Service(name, port, cmd, env, null);
    }

    /**
     * The JVM flags that give a service started from {@code quarkusApp} its start-up archive, or none. Training
     * ({@code ./gatehouse aot}) writes an AOT cache at the JVM's exit ({@code -XX:AOTCacheOutput}, JEP 514); a
     * start on Java 25 or newer reads that cache when there is one (ADR 0032), otherwise an AppCDS archive when its
     * package made one (ADR 0021). Java 17 has no AOT cache: there {@code app.aot} is left alone.
     */
    public static List<String> startupArchive(Path quarkusApp, int javaFeature, boolean use, boolean training) {
        if (training) {
            if (javaFeature < AOT_CACHE_JAVA) {
                throw new IllegalStateException("an AOT cache needs Java " + AOT_CACHE_JAVA
                        + " or newer; this launcher runs on Java " + javaFeature);
            }
            return List.of("-XX:AOTCacheOutput=" + AOT_CACHE);
        }
        if (!use) {
            return List.of();
        }
        if (javaFeature >= AOT_CACHE_JAVA && Files.exists(quarkusApp.resolve(AOT_CACHE))) {
            return List.of("-XX:AOTCache=" + AOT_CACHE);
        }
        if (Files.exists(quarkusApp.resolve(APP_CDS_ARCHIVE))) {
            return List.of("-XX:SharedArchiveFile=" + APP_CDS_ARCHIVE);
        }
        return List.of();
    }

    /** The environment variable Quarkus reads for a property ({@code a.b-c} → {@code A_B_C}). */
    public static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    public static Path jar(Path root, String service) {
        return root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Starts every service at once, then waits until all are ready. Fails if a jar is missing. */
    public GatehouseStack start() {
        for (Service s : services.values()) {
            requireJar(s.name);
        }
        services.values().forEach(Service::launch);
        services.values().forEach(Service::awaitReady);
        return this;
    }

    public void requireJar(String service) {
        Path jar = jar(options.root, service);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(service + " is not built (" + jar
                    + "); run mvn -B package -DskipTests (or ./gatehouse build) from the root");
        }
    }

    /**
     * Another replica of a service: the same jar and settings (same database, broker and public URLs) on another
     * port, as a second pod behind the same Service would run. Started and ready; stopped with the stack.
     */
    public Service replica(String name) {
        int port = Ports.free();
        Map<String, Integer> ports = new LinkedHashMap<>();
        services.values().forEach(s -> ports.put(s.name, s.port));
        Map<String, String> settings = settings(name, ports);
        settings.put("quarkus.http.port", Integer.toString(port));
        Service replica = service(name + "-replica-" + port, name, port, settings);
        replicas.add(replica);
        return replica.start();
    }

    public Map<String, Service> services() {
        return Collections.unmodifiableMap(services);
    }

    public Service service(String name) {
        return services.get(name);
    }

    public Service sim() {
        return services.get(SIMULATOR);
    }

    public Service users() {
        return services.get(USERS);
    }

    public Service sso() {
        return services.get(SSO);
    }

    public Service directory() {
        return services.get(DIRECTORY);
    }

    public int dnsPort() {
        return dnsPort;
    }

    public String operatorToken() {
        return options.operatorToken;
    }

    public Options options() {
        return options;
    }

    /** Stops the replicas and the services in reverse start order. */
    @Override
    public void close() {
        List<Service> all = new ArrayList<>(replicas);
        List<Service> reversed = new ArrayList<>(services.values());
        Collections.reverse(reversed);
        all.addAll(reversed);
        all.forEach(Service::stop);
    }

    /** The project root: the nearest directory up from the working directory that holds the simulator module. */
    public static Path projectRoot() {
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(SIMULATOR))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project root from " + System.getProperty("user.dir"));
        }
        return dir;
    }

    /** A random AES-256 key, base64. */
    public static String randomKey() {
        return Base64.getEncoder().encodeToString(randomBytes(32));
    }

    public static String random(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
