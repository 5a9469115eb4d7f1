package io.gatehouse.bench;

import io.gatehouse.localstack.GatehouseStack;
import io.gatehouse.testsupport.ProcessCpu;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the stack costs when nobody uses it, and how long each service takes to start (issue #20 points 4 and 5).
 * Starts the {@link BenchStack} (each service timed from process start to {@code /q/health/ready} 200), lets it
 * settle, then reads every server-side process's CPU (utime + stime from {@code /proc}) over a window, and per
 * JVM the threads that spent it (grouped by name, digits folded), so a poller shows by name. Writes
 * {@code target/benchmarks/idle-cost.{md,json}}. No load and no assertion.
 *
 * <p>{@code mvn -B -o -pl benchmarks -am -Pidle verify -DskipTests [-Dbench.idle.settle-seconds=30]
 * [-Dbench.idle.window-seconds=60]}; the service jars must be built first.
 */
public final class IdleCostBenchmark {
    private static final int SETTLE = Integer.getInteger("bench.idle.settle-seconds", 30);
    private static final int WINDOW = Integer.getInteger("bench.idle.window-seconds", 60);
    private static final int BROKER_REQUESTS_SECONDS = 30;

    private IdleCostBenchmark() {}

    /** The start-up archive the stack gave a service (the JVM that runs this benchmark runs the services). */
    private static String startupArchive(String service) {
        List<String> flags = GatehouseStack.startupArchive(
                GatehouseStack.jar(GatehouseStack.projectRoot(), service).getParent(),
                Runtime.version().feature(),
                !Boolean.getBoolean("gatehouse.no-appcds"),
                false);
        if (flags.isEmpty()) {
            return "none";
        }
        return flags.get(0).startsWith("-XX:AOTCache=") ? "AOT cache" : "AppCDS";
    }

    public static void main(String[] args) throws Exception {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        Instant started = Instant.now();
        Map<String, Object> json = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder();
        try (BenchStack stack = new BenchStack(Map.of(), false).start()) { // the settings as shipped
            Map<String, Long> pids = new LinkedHashMap<>();
            stack.services.values().forEach(s -> pids.put(s.name, s.pid()));
            ProcessCpu.kafkaPid().ifPresent(p -> pids.put("kafka", p));
            Thread.sleep(SETTLE * 1000L);
            Map<String, Map<String, Long>> threadsBefore = new LinkedHashMap<>();
            Map<String, Long> before = new LinkedHashMap<>();
            pids.forEach((name, pid) -> {
                before.put(name, ProcessCpu.ticks(pid, false));
                threadsBefore.put(name, threads(pid));
            });
            long pgBefore = ProcessCpu.postgresTicks(stack.pgPort());
            long t0 = System.nanoTime();
            Thread.sleep(WINDOW * 1000L);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long pgAfter = ProcessCpu.postgresTicks(stack.pgPort());
            Map<String, Double> perSecond = new LinkedHashMap<>();
            Map<String, Map<String, Double>> threadsPerSecond = new LinkedHashMap<>();
            pids.forEach((name, pid) -> {
                perSecond.put(name, (ProcessCpu.ticks(pid, false) - before.get(name)) * ProcessCpu.TICK_MS / seconds);
                threadsPerSecond.put(name, delta(threads(pid), threadsBefore.get(name), seconds));
            });
            perSecond.put("postgres", (pgAfter - pgBefore) * ProcessCpu.TICK_MS / seconds);
            // after the window: attaching starts a management agent in the broker
            Map<String, Double> brokerRequests = new LinkedHashMap<>();
            if (pids.containsKey("kafka")) {
                try {
                    brokerRequests.putAll(BrokerRequests.perSecond(pids.get("kafka"), BROKER_REQUESTS_SECONDS));
                } catch (Exception e) {
                    brokerRequests.put("unavailable: " + e, 0.0);
                }
            }
            double counted = perSecond.entrySet().stream()
                    .filter(e -> !e.getKey().equals("jumpcloud-simulator"))
                    .mapToDouble(Map.Entry::getValue)
                    .sum();
            json.put("started", started.toString());
            json.put("loadAverageAtStart", load);
            json.put("settleSeconds", SETTLE);
            json.put("windowSeconds", seconds);
            json.put("startupSeconds", stack.startupSeconds);
            json.put("startupCpuSeconds", stack.startupCpuSeconds);
            json.put("startupJitCpuSeconds", stack.startupJitCpuSeconds);
            json.put("startupMainThreadCpuSeconds", stack.startupMainCpuSeconds);
            json.put("cpuMsPerSecond", perSecond);
            json.put("stackCpuMsPerSecond", counted);
            json.put("threadsCpuMsPerSecond", threadsPerSecond);
            json.put("brokerRequestsPerSecond", brokerRequests);
            md.append("# Idle cost and start-up\n\n");
            md.append(String.format(
                    "%s; load average at start `%s`; nproc %d. Settled %d s, then measured %.1f s of idling"
                            + " (utime + stime from /proc, clock tick %.0f ms). The services run with their shipped"
                            + " settings (scheduler tick, abuse limits).%n%n",
                    started, load, Runtime.getRuntime().availableProcessors(), SETTLE, seconds, ProcessCpu.TICK_MS));
            md.append("## Start-up (process start to /q/health/ready 200, one service at a time)\n\n");
            md.append(String.format(
                    "The services' JVM: %s %s. Start-up archive: an AOT cache (`app.aot`, ADR 0032: Java 25 or"
                            + " newer, `./gatehouse aot`), an AppCDS archive (`app-cds.jsa`, ADR 0021) or none.%n%n",
                    System.getProperty("java.vm.name"), System.getProperty("java.version")));
            md.append("| service | seconds | CPU seconds until ready | of which JIT compiler threads | main thread"
                    + " | start-up archive |\n|---|---|---|---|---|---|\n");
            Map<String, String> archives = new LinkedHashMap<>();
            stack.startupSeconds.forEach((k, v) -> {
                String archive = startupArchive(k);
                archives.put(k, archive);
                md.append(String.format(
                        "| %s | %.2f | %.2f | %.2f | %.2f | %s |%n",
                        k,
                        v,
                        stack.startupCpuSeconds.get(k),
                        stack.startupJitCpuSeconds.get(k),
                        stack.startupMainCpuSeconds.get(k),
                        archive));
            });
            json.put("javaVersion", System.getProperty("java.version"));
            json.put("startupArchive", archives);
            md.append("\n## CPU while idle (ms of CPU per second)\n\n| process | ms/s |\n|---|---|\n");
            perSecond.forEach((k, v) -> md.append(String.format("| %s | %.1f |%n", k, v)));
            md.append(String.format(
                    "| **stack** (all but the simulator, which stands in for JumpCloud) | **%.1f** |%n", counted));
            md.append("\n## Threads that spent it (ms/s, ≥ 0.2)\n\n");
            threadsPerSecond.forEach((proc, threads) -> {
                md.append("**").append(proc).append("**: ");
                List<String> parts = new ArrayList<>();
                threads.entrySet().stream()
                        .filter(e -> e.getValue() >= 0.2)
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .forEach(e -> parts.add(String.format("%s %.1f", e.getKey(), e.getValue())));
                md.append(parts.isEmpty() ? "none" : String.join(", ", parts)).append("\n\n");
            });
            md.append(String.format(
                    "## Requests the broker served, after the window (%d s, its JMX request counters)%n%n",
                    BROKER_REQUESTS_SECONDS));
            List<String> requests = new ArrayList<>();
            brokerRequests.forEach((type, rate) -> requests.add(String.format("%s %.2f/s", type, rate)));
            md.append(requests.isEmpty() ? "none" : String.join(", ", requests)).append("\n");
        }
        Path dir = Path.of("target", "benchmarks");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("idle-cost.md"), md.toString());
        Http.JSON
                .writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve("idle-cost.json").toFile(), json);
        System.out.println(md);
    }

    /** Ticks per thread name (digits folded to {@code #}, so a pool's threads add up). */
    static Map<String, Long> threads(long pid) {
        Map<String, Long> byName = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(comm, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we read
                }
            }
        } catch (IOException e) {
            return byName;
        }
        return byName;
    }

    private static Map<String, Double> delta(Map<String, Long> after, Map<String, Long> before, double seconds) {
        Map<String, Double> d = new HashMap<>();
        after.forEach((name, ticks) ->
                d.put(name, Math.max(0, ticks - before.getOrDefault(name, 0L)) * ProcessCpu.TICK_MS / seconds));
        return d;
    }
}
