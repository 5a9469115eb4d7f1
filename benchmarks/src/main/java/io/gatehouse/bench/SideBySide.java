package io.gatehouse.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatehouse.testsupport.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keycloak and Gatehouse side by side, one after the other in one run, logged in to by the same driver-IdP
 * through complete SP-initiated flows: for each target a warm-up, then returning and first-time users at 4 and
 * 16 workers. Keycloak goes first, alone with the embedded PostgreSQL (the Gatehouse stack is not started yet), and
 * is stopped before the Gatehouse stack starts on the same PostgreSQL. Writes
 * {@code target/benchmarks/side-by-side.{md,json}}; with {@code -Dbench.publish=true} also copies the report to
 * {@code docs/benchmarks/} and puts its summary into that page's side-by-side block.
 */
public final class SideBySide {
    static final int[] WORKERS = {4, 16};
    static final String DOMAIN = "bench.test";

    private SideBySide() {}

    /**
     * The run's lengths: {@code full} for publishing, {@code quick} to check the harness. The warm-up runs at least
     * {@code warmUpSeconds} and then until the JIT has settled ({@link LoginLoad#warmUp}), at most
     * {@code warmUpMaxSeconds}. Overrides: {@code -Dbench.warmup-seconds}, {@code -Dbench.warmup-max-seconds},
     * {@code -Dbench.window-seconds}.
     */
    record Plan(
            double warmUpSeconds,
            double warmUpMaxSeconds,
            double warmUpSliceSeconds,
            double windowSeconds,
            int returningUsers) {
        static Plan of(BenchMode mode) {
            Plan p = mode.full() ? new Plan(120, 600, 30, 30, 400) : new Plan(20, 60, 10, 6, 40);
            double warm = seconds("bench.warmup-seconds", p.warmUpSeconds);
            return new Plan(
                    warm,
                    Math.max(warm, seconds("bench.warmup-max-seconds", p.warmUpMaxSeconds)),
                    p.warmUpSliceSeconds,
                    seconds("bench.window-seconds", p.windowSeconds),
                    p.returningUsers);
        }

        private static double seconds(String property, double otherwise) {
            String v = System.getProperty(property);
            return v == null || v.isBlank() ? otherwise : Double.parseDouble(v);
        }
    }

    /** {@code -Dbench.targets=gatehouse} (or keycloak) runs one of them only, e.g. to profile it. */
    private static boolean selected(String target) {
        String v = System.getProperty("bench.targets");
        return v == null || v.isBlank() || List.of(v.split(",")).contains(target);
    }

    public static void main(String[] args) throws Exception {
        BenchMode mode = BenchMode.current();
        Plan plan = Plan.of(mode);
        profileKind(System.getProperty("bench.profile.kind")); // a typo fails now, not after the warm-ups
        Path out = Path.of("target", "benchmarks");
        Files.createDirectories(out);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("mode", mode.name());
        report.put("startedAt", Instant.now().toString());
        report.put("machine", BenchMain.machine());
        report.put("plan", plan);
        report.put(
                "abuseLimits",
                "Gatehouse's raised to 10,000,000 per minute (one driver address); Keycloak's brute-force "
                        + "detection is off by default");
        Map<String, String> problems = new LinkedHashMap<>();
        report.put("problems", problems);
        Map<String, Object> targets = new LinkedHashMap<>();
        report.put("targets", targets);
        Saml.IdpKey key = Saml.IdpKey.generate("CN=side-by-side driver IdP");
        Postgres pg = Postgres.get();
        Path logs = out.resolve("stack-logs");

        if (selected("keycloak")) {
            keycloak(key, pg, logs, plan, report, targets, problems, out);
        }
        write(report, out);
        if (selected("gatehouse")) {
            gatehouse(key, plan, report, targets, problems, out);
        }
        report.put("finishedAt", Instant.now().toString());
        write(report, out);
        if (Boolean.getBoolean("bench.publish")) {
            SideBySideReport.publish(report, out);
        }
        BenchMain.log("wrote " + out.resolve("side-by-side.md").toAbsolutePath());
        System.exit(0);
    }

    private static void keycloak(
            Saml.IdpKey key,
            Postgres pg,
            Path logs,
            Plan plan,
            Map<String, Object> report,
            Map<String, Object> targets,
            Map<String, String> problems,
            Path out) {
        BenchMain.log("Keycloak " + KeycloakServer.VERSION);
        try (KeycloakServer kc = new KeycloakServer(KeycloakServer.defaultHome(), logs)) {
            if (LoginTarget.profiling()) {
                kc.extraJvmOptions.add(LoginTarget.BOOT_RECORDING);
            }
            String idp = "https://idp.bench.test/saml2/keycloak";
            kc.start(pg, "keycloak_" + Long.toString(System.currentTimeMillis(), 36), key, idp);
            Map<String, Object> m = measure(new KeycloakTarget(kc, key, idp, DOMAIN, pg.port()), plan, report, out);
            m.put("startupSeconds", Stats.round(kc.startupSeconds));
            m.put(
                    "setup",
                    "kc.sh start --optimized (built for PostgreSQL), --cache=local, heap " + KeycloakServer.HEAP
                            + ", realm imported at start; CPU = the Keycloak JVM + every PostgreSQL process");
            targets.put("keycloak", m);
        } catch (Exception e) {
            problems.put("keycloak", e.toString());
            e.printStackTrace();
        }
    }

    private static void gatehouse(
            Saml.IdpKey key,
            Plan plan,
            Map<String, Object> report,
            Map<String, Object> targets,
            Map<String, String> problems,
            Path out) {
        BenchMain.log("Gatehouse");
        try (BenchStack stack = new BenchStack().start()) {
            Accounts.ssoAccount(stack, "bench", DOMAIN, key);
            Map<String, Object> m = measure(new GatehouseTarget(stack, key, "bench", DOMAIN), plan, report, out);
            m.put("startupSeconds", stack.startupSeconds);
            m.put(
                    "setup",
                    "the benchmark stack (BenchStack: services from their quarkus-run.jar, -Xmx384m each); CPU = "
                            + "sso-service + user-service + every PostgreSQL process + the Kafka broker");
            targets.put("gatehouse", m);
        } catch (Exception e) {
            problems.put("gatehouse", e.toString());
            e.printStackTrace();
        }
    }

    private static Map<String, Object> measure(LoginTarget target, Plan plan, Map<String, Object> report, Path out)
            throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        LoginLoad load = new LoginLoad(target, plan.returningUsers());
        BenchMain.log(target.name() + ": warm-up, at least " + plan.warmUpSeconds() + " s");
        m.put("warmUp", load.warmUp(16, plan.warmUpSeconds(), plan.warmUpMaxSeconds(), plan.warmUpSliceSeconds()));
        List<Map<String, Object>> windows = new ArrayList<>();
        m.put("windows", windows);
        for (LoginLoad.Kind kind : LoginLoad.Kind.values()) {
            for (int workers : WORKERS) {
                BenchMain.log(target.name() + ": " + kind + " × " + workers);
                windows.add(load.window(kind, workers, plan.windowSeconds()));
            }
        }
        if (Boolean.getBoolean("bench.profile")) {
            m.put("profile", profile(target, load, plan, out));
        }
        return m;
    }

    /**
     * The users of the profiled window: {@code returning} (also when unset) or {@code first-time}. Anything else is
     * refused before the run starts, rather than profiling returning users after half an hour (a typo such as
     * {@code first_time}).
     */
    static LoginLoad.Kind profileKind(String value) {
        if (value == null || value.isBlank() || value.equals("returning")) {
            return LoginLoad.Kind.RETURNING;
        }
        if (value.equals("first-time")) {
            return LoginLoad.Kind.FIRST_TIME;
        }
        throw new IllegalArgumentException("-Dbench.profile.kind must be returning or first-time, not '" + value + "'");
    }

    /**
     * {@code -Dbench.profile=true}: one more returning × 16 window (not in the tables: JFR costs CPU) with JFR
     * ({@code settings=profile}) on each of the target's JVMs, and their hottest frames;
     * {@code -Dbench.profile.kind=first-time} profiles a first-time × 16 window instead.
     */
    private static Map<String, Object> profile(LoginTarget target, LoginLoad load, Plan plan, Path out)
            throws Exception {
        Map<String, Long> jvms = target.profiledJvms();
        for (long pid : jvms.values()) {
            Jfr.start(pid);
        }
        LoginLoad.Kind kind = profileKind(System.getProperty("bench.profile.kind"));
        BenchMain.log(target.name() + ": profiled " + kind + " × 16");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind == LoginLoad.Kind.FIRST_TIME ? "first-time" : "returning");
        m.put("window", load.window(kind, 16, plan.windowSeconds()));
        for (Map.Entry<String, Long> jvm : jvms.entrySet()) {
            Path file = out.resolve("profile-" + target.name().split(" ")[0].toLowerCase(java.util.Locale.ROOT) + "-"
                    + jvm.getKey() + ".jfr");
            Jfr.stop(jvm.getValue(), file);
            try {
                Map<String, Object> summary = Jfr.summarise(file, 25);
                summary.put("file", file.toAbsolutePath().toString());
                m.put(jvm.getKey(), summary);
            } catch (Exception e) {
                m.put(jvm.getKey(), Map.of("error", e.toString()));
            }
        }
        return m;
    }

    static void write(Map<String, Object> report, Path out) throws Exception {
        Http.JSON
                .copy()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("side-by-side.json").toFile(), report);
        Files.writeString(out.resolve("side-by-side.md"), SideBySideReport.render(report));
    }
}
