package io.gatehouse.bench;

import io.gatehouse.localstack.GatehouseStack;
import io.gatehouse.testsupport.Kafka;
import io.gatehouse.testsupport.Postgres;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack the load driver measures: test-support's PostgreSQL and KRaft broker, the simulator and the three
 * services started by local-stack's {@link GatehouseStack} (the launcher of the e2e suite and of {@code ./gatehouse}),
 * each on its own so that its time to ready can be measured. JVM flags of its own: full JIT (no
 * {@code TieredStopAtLevel=1}), {@code -Xmx384m} for user- and sso-service, {@code -Xmx512m} and a GC log for
 * directory-service, the compiler threads kept ({@link JvmThreads}), a boot recording when profiling; scheduler tick
 * 1 s unless asked for the shipped one.
 */
final class BenchStack implements AutoCloseable {
    final Path logs = Paths.get(System.getProperty("user.dir"), "target", "benchmarks", "stack-logs");
    final Map<String, Double> startupSeconds = new LinkedHashMap<>();
    /** CPU (user + system) each service spent until ready: steadier than seconds on a shared machine. */
    final Map<String, Double> startupCpuSeconds = new LinkedHashMap<>();
    /** Of {@link #startupCpuSeconds}, what the JIT compiler threads spent. */
    final Map<String, Double> startupJitCpuSeconds = new LinkedHashMap<>();
    /** Of {@link #startupCpuSeconds}, what the main thread spent. */
    final Map<String, Double> startupMainCpuSeconds = new LinkedHashMap<>();

    final String operatorToken;
    final Map<String, GatehouseStack.Service> services;
    final Postgres pg;
    final String kafka;
    private final GatehouseStack launcher;

    /**
     * The abuse limits of the benchmarks: every request of the driver comes from 127.0.0.1 and most go to one
     * account, at rates far above any real client's, so each per-address and per-account limit is raised to
     * 10,000,000 per minute (the reports say so). {@link AcsFloodBenchmark} keeps the defaults instead.
     */
    static final Map<String, String> RAISED_LIMITS = raisedLimits();

    BenchStack() {
        this(RAISED_LIMITS);
    }

    /** {@code limits}: the {@code gatehouse.abuse-limits.*} settings of every service. */
    BenchStack(Map<String, String> limits) {
        this(limits, true);
    }

    /**
     * {@code limits}: the {@code gatehouse.abuse-limits.*} settings of every service; {@code fastScheduler}: the 1-s
     * scheduler tick the polling-revocation scenario needs, instead of the shipped 10 s.
     */
    BenchStack(Map<String, String> limits, boolean fastScheduler) {
        pg = Postgres.get();
        kafka = Kafka.get().bootstrapServers();
        GatehouseStack.Options o = new GatehouseStack.Options();
        o.logs = logs;
        o.operatorToken = "bench-operator-" + GatehouseStack.random(12);
        o.jvm = LoginTarget.profiling()
                ? java.util.List.of(JvmThreads.KEEP_COMPILER_THREADS, LoginTarget.BOOT_RECORDING)
                : java.util.List.of(JvmThreads.KEEP_COMPILER_THREADS); // a window's JIT CPU stays countable
        o.jvm(GatehouseStack.SIMULATOR, "-Xmx512m")
                .jvm(GatehouseStack.USERS, "-Xmx384m")
                .jvm(GatehouseStack.SSO, "-Xmx384m")
                .jvm(GatehouseStack.DIRECTORY, "-Xmx512m", "-Xlog:gc:file=" + logs.resolve("directory-gc.log"));
        extraJvmFlags(o);
        o.readyTimeout = java.time.Duration.ofSeconds(180);
        o.readyPoll = java.time.Duration.ofMillis(25);
        o.set("quarkus.http.host", "127.0.0.1");
        if (fastScheduler) {
            o.set(GatehouseStack.DIRECTORY, "gatehouse.directory.scheduler.tick", "1s");
        }
        limits.forEach(o::set);
        String jdbc = "";
        for (String database : GatehouseStack.DATABASES.values()) {
            jdbc = pg.database(database);
        }
        launcher = new GatehouseStack(
                new GatehouseStack.Infra(jdbc.substring(0, jdbc.lastIndexOf('/') + 1), pg.user(), pg.password(), kafka),
                o);
        operatorToken = launcher.operatorToken();
        services = launcher.services();
    }

    /** The port of the embedded PostgreSQL server (from its JDBC URL). */
    int pgPort() {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("//[^:/]+:(\\d+)/").matcher(pg.database("users"));
        return m.find() ? Integer.parseInt(m.group(1)) : 5432;
    }

    GatehouseStack.Service sim() {
        return launcher.sim();
    }

    GatehouseStack.Service sso() {
        return launcher.sso();
    }

    GatehouseStack.Service users() {
        return launcher.users();
    }

    GatehouseStack.Service directory() {
        return launcher.directory();
    }

    /** Starts everything; each service alone, timed from process start to {@code /q/health/ready} 200. */
    BenchStack start() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close)); // an interrupted run leaves no service behind
        for (GatehouseStack.Service s : services.values()) {
            launcher.requireJar(s.name);
        }
        for (GatehouseStack.Service s : services.values()) {
            long t0 = System.nanoTime();
            s.start();
            startupSeconds.put(s.name, (System.nanoTime() - t0) / 1e9);
            startupCpuSeconds.put(
                    s.name, io.gatehouse.testsupport.ProcessCpu.ticks(s.pid(), false) * ProcCpu.TICK_MS / 1000);
            Map<String, Long> threads = IdleCostBenchmark.threads(s.pid());
            startupJitCpuSeconds.put(s.name, threads.getOrDefault("C# CompilerThre", 0L) * ProcCpu.TICK_MS / 1000);
            startupMainCpuSeconds.put(s.name, threads.getOrDefault("java", 0L) * ProcCpu.TICK_MS / 1000);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        launcher.close();
    }

    private static Map<String, String> raisedLimits() {
        Map<String, String> limits = new LinkedHashMap<>();
        for (String endpoint : java.util.List.of("login", "acs", "console-api", "scim", "admin-api")) {
            limits.put("gatehouse.abuse-limits." + endpoint + ".per-address", "10000000");
            limits.put("gatehouse.abuse-limits." + endpoint + ".per-account", "10000000");
        }
        return Map.copyOf(limits);
    }

    /**
     * Experiments' JVM flags, appended to the shipped ones: {@code -Dbench.jvm="..."} for every Gatehouse service,
     * {@code -Dbench.jvm.<service>="..."} for one (e.g. a JFR recording of sso-service's start-up).
     */
    private static void extraJvmFlags(GatehouseStack.Options o) {
        String all = System.getProperty("bench.jvm", "").trim();
        for (String service : GatehouseStack.SERVICES) {
            String own = System.getProperty("bench.jvm." + service, "").trim();
            String flags = (all + " " + own).trim();
            if (!flags.isEmpty()) {
                o.jvm(service, flags.split("\\s+"));
            }
        }
    }
}
