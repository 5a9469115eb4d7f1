package io.gatehouse.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs every benchmark in one go and writes {@code target/benchmarks/report.json} and {@code report.md}:
 * the JMH limits first (on an idle stack), then the stack is started (start-up times), then ACS load with JFR,
 * CPU per login, revocation latency, event application and reconciliation (last: it reloads the simulator).
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        BenchMode mode = BenchMode.current();
        Path out = Path.of("target", "benchmarks");
        Files.createDirectories(out);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("mode", mode.name());
        report.put("startedAt", Instant.now().toString());
        report.put("machine", machine());
        report.put(
                "abuseLimits",
                "raised to 10,000,000 per minute per address and per account for every endpoint "
                        + "class (-Dgatehouse.abuse-limits.*): the driver is one address hammering one account");
        Map<String, String> problems = new LinkedHashMap<>();
        report.put("problems", problems);

        log("JMH limits (" + mode.name() + ")");
        Map<String, JmhLimits.Limit> limits = JmhLimits.run(mode);
        report.put("limits", limits);
        double validation = limits.get("samlResponseValidation").opsPerSecond();
        double rsa = limits.get("rsa2048Sha256Verify").opsPerSecond();
        log("validation per CPU-second");
        Map<String, Object> calibration = CpuCalibration.validationPerCpuSecond(mode.pick(5, 25), mode.pick(5, 20));
        report.put("validationCpuCalibration", calibration);
        double perCpuSecond = ((Number) calibration.get("perCpuSecond")).doubleValue();

        log("starting the stack");
        try (BenchStack stack = new BenchStack().start()) {
            report.put("startupSeconds", stack.startupSeconds);
            report.put("loadAverageAfterStartup", loadavg());
            Map<String, Object> procs = new LinkedHashMap<>();
            procs.put("postgresPort", stack.pgPort());
            procs.put(
                    "postgresProcesses",
                    io.gatehouse.testsupport.ProcessCpu.postgresPids(stack.pgPort())
                            .size());
            procs.put("kafkaPid", io.gatehouse.testsupport.ProcessCpu.kafkaPid().orElse(-1L));
            stack.services.values().forEach(s -> procs.put(s.name + "Pid", s.pid()));
            report.put("processes", procs);
            Saml.IdpKey key = Saml.IdpKey.generate("CN=Gatehouse benchmark IdP");
            String account = "bench";
            String domain = "bench.test";
            Accounts.ssoAccount(stack, account, domain, key);

            log("ACS load");
            try {
                report.put("acs", acs(stack, key, account, domain, mode, validation, perCpuSecond, out));
            } catch (Exception e) {
                problems.put("acs", e.toString());
                e.printStackTrace();
            }
            write(report, out);
            log("CPU per login");
            try {
                report.put(
                        "loginCpu",
                        Scenarios.loginCpu(stack, key, account, domain, mode.pick(40, 200), 4, mode.pick(10, 60)));
            } catch (Exception e) {
                problems.put("loginCpu", e.toString());
                e.printStackTrace();
            }
            write(report, out);
            log("revocation latency");
            try {
                Map<String, Object> rev = new LinkedHashMap<>();
                rev.put(
                        "scim",
                        Scenarios.revocation(stack, key, "bench-scim", "scim.bench.test", true, mode.pick(3, 10)));
                rev.put(
                        "polling",
                        Scenarios.revocation(stack, key, "bench-poll", "poll.bench.test", false, mode.pick(2, 4)));
                report.put("revocation", rev);
            } catch (Exception e) {
                problems.put("revocation", e.toString());
                e.printStackTrace();
            }
            write(report, out);
            log("event application");
            try {
                // a warm-up of the same size first, so the measured run sees compiled code
                Scenarios.events(stack, "bench-events-warmup", mode.pick(500, 10000));
                report.put("events", Scenarios.events(stack, "bench-events", mode.pick(500, 10000)));
            } catch (Exception e) {
                problems.put("events", e.toString());
                e.printStackTrace();
            }
            write(report, out);
            log("reconciliation");
            try {
                Map<String, Object> rec = new LinkedHashMap<>();
                for (int n : mode.full() ? List.of(10_000, 100_000) : List.of(1_000, 5_000)) {
                    rec.put(Integer.toString(n), Scenarios.reconcile(stack, n));
                    report.put("reconciliation", rec);
                    write(report, out);
                }
                rec.put("directoryServiceXmx", "512m");
                rec.put("gcLogPeakBeforeGcMiB", Scenarios.gcLogPeakMiB(stack.logs.resolve("directory-gc.log")));
                report.put("reconciliation", rec);
            } catch (Exception e) {
                problems.put("reconciliation", e.toString());
                e.printStackTrace();
            }
        }
        report.put("finishedAt", Instant.now().toString());
        write(report, out);
        log("wrote " + out.resolve("report.md").toAbsolutePath() + " and report.json");
        System.exit(0);
    }

    private static Map<String, Object> acs(
            BenchStack stack,
            Saml.IdpKey key,
            String account,
            String domain,
            BenchMode mode,
            double validation,
            double perCpuSecond,
            Path out)
            throws Exception {
        int threads = mode.pick(8, 16);
        AcsLoad load = new AcsLoad(stack, key, account, domain, 200);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("virtualUsers", threads);
        // a long warm-up: with 20 s the C2 compiler was still compiling thousands of methods in the measured loop
        double warmSeconds = mode.pick(5, 60);
        AcsLoad.Result warm = load.closedLoop(threads, load.sign(mode.pick(600, 10000)), warmSeconds);
        m.put("warmup", warm.toMap());
        double estimate = Math.max(50, warm.perSecond());
        double seconds = mode.pick(8, 30);
        String[] measured = load.sign((int) (estimate * seconds * 1.6) + 200);
        Jfr.start(stack.sso().pid());
        ProcCpu.Reading c0 = ProcCpu.read(stack);
        AcsLoad.Result max = load.closedLoop(threads, measured, seconds);
        ProcCpu.Reading c1 = ProcCpu.read(stack);
        Path jfr = out.resolve("sso-acs.jfr");
        Jfr.stop(stack.sso().pid(), jfr);
        m.put("closedLoop", max.toMap());
        // CPU-normalised comparison: server CPU per ACS request vs the single-thread validation's CPU per op
        Map<String, Object> cpu = new LinkedHashMap<>();
        double ssoMs = (c1.sso() - c0.sso()) * ProcCpu.TICK_MS;
        double serverMs = ssoMs + (c1.postgres() - c0.postgres() + c1.kafka() - c0.kafka()) * ProcCpu.TICK_MS;
        cpu.put("ssoCpuMsPerRequest", Stats.round(ssoMs / Math.max(1, max.ok())));
        cpu.put("serverCpuMsPerRequest", Stats.round(serverMs / Math.max(1, max.ok())));
        cpu.put("validationCpuMsPerOp", Stats.round(1000.0 / perCpuSecond));
        cpu.put("ssoRequestsPerCpuSecond", Stats.round(max.ok() / (ssoMs / 1000.0)));
        cpu.put("ratioPerCpuSecondToValidation", Stats.round(max.ok() / (ssoMs / 1000.0) / perCpuSecond));
        cpu.put("ssoCoresUsed", Stats.round(ssoMs / 1000.0 / max.seconds()));
        m.put("cpuNormalised", cpu);
        if (max.requests() >= measured.length) {
            m.put("note", "the signed responses ran out before the time was up; the rate is still requests/elapsed");
        }
        double half = max.perSecond() / 2;
        double openSeconds = mode.pick(8, 30);
        String[] paced = load.sign((int) (half * openSeconds) + 10);
        Map<String, Object> open =
                load.openLoop(half, threads * 4, paced, openSeconds).toMap();
        open.put("targetRate", Stats.round(half));
        m.put("openLoopAtHalf", open);
        m.put("ratioToSingleThreadValidation", Stats.round(max.perSecond() / validation));
        try {
            m.put("jfr", Jfr.summarise(jfr, 20));
            m.put("jfrFile", jfr.toAbsolutePath().toString());
        } catch (Exception e) {
            m.put("jfrError", e.toString());
        }
        return m;
    }

    /** Writes the report as it stands (after every section, so an interrupted run still leaves its figures). */
    static void write(Map<String, Object> report, Path out) throws Exception {
        if (!report.containsKey("ratios") && report.get("limits") instanceof Map<?, ?> l && l.size() == 2) {
            Map<String, Object> ratios = new LinkedHashMap<>();
            double v = ((JmhLimits.Limit) l.get("samlResponseValidation")).opsPerSecond();
            double r = ((JmhLimits.Limit) l.get("rsa2048Sha256Verify")).opsPerSecond();
            ratios.put("rsaVerifyPerValidation", Stats.round(r / v));
            report.put("ratios", ratios);
        }
        Http.JSON
                .copy()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("report.json").toFile(), report);
        Files.writeString(out.resolve("report.md"), ReportMarkdown.render(report));
    }

    static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return e.toString();
        }
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        try {
            m.put(
                    "loadAverageAtStart",
                    Files.readString(Path.of("/proc/loadavg")).trim());
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0);
            m.put("memTotal", mem.replaceAll("\\s+", " "));
        } catch (Exception e) {
            m.put("error", e.toString());
        }
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return m;
    }

    static void log(String s) {
        System.out.printf(Locale.ROOT, "[bench %s] %s%n", Instant.now(), s);
    }
}
