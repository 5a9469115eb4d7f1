package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;

/** report.md from the report map: every figure with its target and, when missed, by how much. */
final class ReportMarkdown {
    private ReportMarkdown() {}

    static String render(Map<String, Object> report) {
        JsonNode r = Http.JSON.valueToTree(report);
        StringBuilder sb = new StringBuilder("# Gatehouse benchmarks\n\n");
        JsonNode mc = r.path("machine");
        sb.append(String.format(
                Locale.ROOT,
                "Mode **%s**, %s → %s. Machine: nproc %s, load average at start `%s`, %s, %s. "
                        + "The machine is shared with other workers: absolute figures are noisy; comparisons are ratios taken in this run.%n%n",
                r.path("mode").asText(),
                r.path("startedAt").asText(),
                r.has("finishedAt")
                        ? r.path("finishedAt").asText()
                        : "NOT FINISHED (sections below are those completed)",
                mc.path("nproc").asText(),
                mc.path("loadAverageAtStart").asText(),
                mc.path("memTotal").asText(),
                mc.path("java").asText()));
        if (r.has("abuseLimits")) {
            sb.append("Abuse limits: ").append(r.path("abuseLimits").asText()).append(".\n\n");
        }
        if (r.path("problems").size() > 0) {
            sb.append("**Problems during the run:** `")
                    .append(r.path("problems"))
                    .append("`\n\n");
        }

        JsonNode lim = r.path("limits");
        double validation =
                lim.path("samlResponseValidation").path("opsPerSecond").asDouble();
        double rsa = lim.path("rsa2048Sha256Verify").path("opsPerSecond").asDouble();
        sb.append(
                "## 1. ACS logins\n\n### The limit (JMH, one thread, `-Xms2g -Xmx2g`, 1 fork)\n\n| benchmark | ops/s | ± (99.9 %) |\n|---|---|---|\n");
        sb.append(row(
                "sso-service's SamlResponseDecoder + SamlResponseValidator, every rule (assertion-signed Response)",
                validation,
                lim.path("samlResponseValidation").path("error").asDouble()));
        sb.append(row(
                "raw RSA-2048 SHA-256 verify",
                rsa,
                lim.path("rsa2048Sha256Verify").path("error").asDouble()));
        JsonNode cal = r.path("validationCpuCalibration");
        sb.append(String.format(
                Locale.ROOT,
                "| same validation, in-process loop, per CPU-second of the thread (%s ops in %s s wall, %s s CPU) | %s | — |%n",
                cal.path("validations").asText(),
                cal.path("wallSeconds").asText(),
                cal.path("threadCpuSeconds").asText(),
                cal.path("perCpuSecond").asText()));
        sb.append(String.format(
                Locale.ROOT,
                "%nThe response is %s base64 characters. On this shared machine the JMH thread got only part of a core "
                        + "(the in-process loop got %.0f %% of one); the per-CPU-second figure is what one whole core does.%n",
                cal.path("responseBase64Chars").asText(),
                100
                        * cal.path("threadCpuSeconds").asDouble()
                        / Math.max(0.001, cal.path("wallSeconds").asDouble())));
        sb.append(String.format(
                Locale.ROOT,
                "%nRSA verify is %.1f× faster than the whole validation: the XML work, not RSA, dominates.%n%n",
                rsa / validation));

        JsonNode acs = r.path("acs");
        if (!acs.isMissingNode()) {
            JsonNode c = acs.path("closedLoop");
            double rps = c.path("requestsPerSecond").asDouble();
            double target = 0.4 * validation;
            sb.append(String.format(
                    Locale.ROOT,
                    "### End-to-end ACS (IdP-initiated, %d virtual users, closed loop)%n%n"
                            + "| measure | value |%n|---|---|%n| requests | %d (errors %d) in %.1f s |%n| **requests/s** | **%.0f** |%n"
                            + "| p50 / p90 / p99 / max | %s / %s / %s / %s ms |%n| ratio to single-thread validation | %.2f (target ≥ 0.40) |%n| errors | %s |%n%n",
                    acs.path("virtualUsers").asInt(),
                    c.path("requests").asInt(),
                    c.path("errors").asInt(),
                    c.path("seconds").asDouble(),
                    rps,
                    c.path("latency").path("p50Ms").asText(),
                    c.path("latency").path("p90Ms").asText(),
                    c.path("latency").path("p99Ms").asText(),
                    c.path("latency").path("maxMs").asText(),
                    rps / validation,
                    c.path("errorKinds")));
            sb.append(verdict(
                    "ACS throughput ≥ 0.4 × validation rate (" + fmt(target) + " req/s)",
                    rps >= target,
                    String.format(
                            Locale.ROOT,
                            "reached %.0f req/s = %.2f × the limit, %.0f %% of the target",
                            rps,
                            rps / validation,
                            100 * rps / target)));
            JsonNode cn = acs.path("cpuNormalised");
            double cratio = cn.path("ratioPerCpuSecondToValidation").asDouble();
            sb.append(String.format(
                    Locale.ROOT,
                    "%nCPU-normalised (independent of how much CPU the neighbours left us): sso-service spent **%s ms CPU per ACS request** "
                            + "(%s ms with PostgreSQL and Kafka) against %s ms for one validation in the limit loop → %s requests per sso-service CPU-second = "
                            + "**%.2f × the validation rate per CPU-second**; sso-service used %s cores during the loop.%n",
                    cn.path("ssoCpuMsPerRequest").asText(),
                    cn.path("serverCpuMsPerRequest").asText(),
                    cn.path("validationCpuMsPerOp").asText(),
                    cn.path("ssoRequestsPerCpuSecond").asText(),
                    cratio,
                    cn.path("ssoCoresUsed").asText()));
            sb.append(verdict(
                    "per CPU-second, ACS ≥ 0.4 × validation",
                    cratio >= 0.4,
                    String.format(Locale.ROOT, "%.2f (%.0f %% of the target)", cratio, 100 * cratio / 0.4)));
            JsonNode o = acs.path("openLoopAtHalf");
            sb.append(String.format(
                    Locale.ROOT,
                    "%nAt half that load (open loop, %s req/s offered, latency from the intended start): "
                            + "%d requests, %d errors, p50 %s ms, p90 %s ms, **p99 %s ms**, max %s ms.%n%n",
                    o.path("targetRate").asText(),
                    o.path("requests").asInt(),
                    o.path("errors").asInt(),
                    o.path("latency").path("p50Ms").asText(),
                    o.path("latency").path("p90Ms").asText(),
                    o.path("latency").path("p99Ms").asText(),
                    o.path("latency").path("maxMs").asText()));
            JsonNode jfr = acs.path("jfr");
            if (!jfr.isMissingNode()) {
                sb.append("### Profile of sso-service under the closed-loop load (JFR `profile`, jdk.ExecutionSample, ")
                        .append(jfr.path("samples").asInt())
                        .append(" samples)\n\nTop frames by self time:\n```\n");
                jfr.path("topSelf").forEach(l -> sb.append(l.asText()).append('\n'));
                sb.append(
                        "```\nTop non-JDK frames by inclusive time (share of samples whose stack contains the frame):\n```\n");
                jfr.path("topInclusive").forEach(l -> sb.append(l.asText()).append('\n'));
                sb.append("```\n\n");
            }
        }

        JsonNode cpu = r.path("loginCpu");
        if (!cpu.isMissingNode()) {
            sb.append(
                    "### Server CPU per complete SP-initiated login (/proc utime+stime)\n\n"
                            + "| batch | logins | sso-service | PostgreSQL | Kafka | user-service | total counted | net of idle | target |\n|---|---|---|---|---|---|---|---|---|\n");
            cpuRow(sb, "returning users (sso + PG + Kafka)", cpu.path("returningUsers"), 2.0);
            cpuRow(sb, "first logins (+ user-service JIT)", cpu.path("firstLogins"), 4.0);
            sb.append(String.format(
                    Locale.ROOT,
                    "%nNot measured: a warm-up of %s s first (%s logins, returning and first-time). "
                            + "JIT / GC+VM-thread share of the JVMs' CPU in the windows — returning: %s; first logins: %s.%n",
                    cpu.path("warmUp").path("seconds").asText(),
                    cpu.path("warmUp").path("logins").asText(),
                    jvmShares(cpu.path("returningUsers").path("jvms")),
                    jvmShares(cpu.path("firstLogins").path("jvms"))));
            JsonNode idle = cpu.path("idleBaseline");
            sb.append(String.format(
                    Locale.ROOT,
                    "%nIdle background (CPU ms per second, counted in the figures above as well): sso %s, PostgreSQL %s, Kafka %s, user-service %s. "
                            + "Each batch's window includes 1 s of tail after the last login; \"net of idle\" subtracts the idle rate × the window. "
                            + "The verdicts use the gross figure.%n%n",
                    idle.path("ssoMsPerSecond").asText(),
                    idle.path("postgresMsPerSecond").asText(),
                    idle.path("kafkaMsPerSecond").asText(),
                    idle.path("usersMsPerSecond").asText()));
            double ret = cpu.path("returningUsers").path("totalCpuMsPerLogin").asDouble();
            double first = cpu.path("firstLogins").path("totalCpuMsPerLogin").asDouble();
            sb.append(verdict("returning user ≤ 2 ms CPU", ret <= 2.0, fmt2(ret) + " ms (" + pct(ret, 2.0) + ")"));
            sb.append(verdict("first login ≤ 4 ms CPU", first <= 4.0, fmt2(first) + " ms (" + pct(first, 4.0) + ")"));
            sb.append('\n');
        }

        JsonNode rev = r.path("revocation");
        if (!rev.isMissingNode()) {
            sb.append(
                    "## 2. Revocation latency (simulator group removal → `GET /api/session` 401)\n\n| path | trials | p50 | p99 | max | failures |\n|---|---|---|---|---|---|\n");
            for (String k : new String[] {"scim", "polling"}) {
                JsonNode x = rev.path(k);
                sb.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %s ms | %s ms | %s ms | %s |%n",
                        x.path("path").asText(),
                        x.path("latency").path("n").asInt(),
                        x.path("latency").path("p50Ms").asText(),
                        x.path("latency").path("p99Ms").asText(),
                        x.path("latency").path("maxMs").asText(),
                        x.path("failures")));
            }
            sb.append(
                    "\nWith polling the latency is dominated by the sync interval (30 s is the smallest the API accepts): expect up to 30 s plus one run.\n\n");
        }

        JsonNode rec = r.path("reconciliation");
        if (!rec.isMissingNode()) {
            sb.append(
                    "## 3. Reconciliation (directory-service `-Xmx512m`, simulator `POST /sim/generate`)\n\n"
                            + "| members | run | status | granted | unchanged | API calls | wall (s) | peak heap sampled (MiB) | events published |\n|---|---|---|---|---|---|---|---|---|\n");
            rec.fields().forEachRemaining(e -> {
                if (!e.getValue().isObject()) {
                    return;
                }
                for (String run : new String[] {"initialSync", "noChangeSync"}) {
                    JsonNode x = e.getValue().path(run);
                    long published = run.equals("initialSync")
                            ? e.getValue().path("eventsPublishedByInitialSync").asLong()
                            : x.path("eventsPublished").asLong();
                    sb.append(String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %s | %s | %d |%n",
                            e.getKey(),
                            run,
                            x.path("status").asText(),
                            x.path("granted").asText(),
                            x.path("unchanged").asText(),
                            x.path("apiCalls").asText(),
                            x.path("wallSeconds").asText(),
                            x.path("peakHeapSampledMiB").asText(),
                            published));
                }
            });
            sb.append(
                            "\nPeak heap sampled from `/q/metrics` (`jvm_memory_used_bytes{area=\"heap\"}`, every 200 ms); the GC log's largest "
                                    + "heap-before-collection over the process's life: ")
                    .append(rec.path("gcLogPeakBeforeGcMiB").asText())
                    .append(" MiB.\n\n");
            JsonNode big = rec.path("100000");
            if (!big.isMissingNode()) {
                double w = big.path("initialSync").path("wallSeconds").asDouble();
                sb.append(verdict("100k initial reconciliation ≤ 60 s", w <= 60, fmt2(w) + " s (" + pct(w, 60) + ")"));
                double w2 = big.path("noChangeSync").path("wallSeconds").asDouble();
                sb.append(verdict("100k no-change reconciliation ≤ 60 s", w2 <= 60, fmt2(w2) + " s"));
                sb.append(verdict(
                        "no-change run emits nothing",
                        big.path("noChangeSync").path("eventsPublished").asLong() == 0,
                        big.path("noChangeSync").path("eventsPublished").asText() + " events"));
                sb.append('\n');
            }
        }

        JsonNode ev = r.path("events");
        if (!ev.isMissingNode()) {
            double eps = ev.path("eventsPerSecondEndToEnd").asDouble();
            sb.append(String.format(
                    Locale.ROOT,
                    "## 4. Event application (user-service, membership events)%n%n"
                            + "%d users × 4 events (grant, update, update, revoke) = %d, published with a batched producer in %s s; "
                            + "publish start → consumer group caught up %s s → **%.0f events/s** end to end; "
                            + "first → last applying transaction %s s → %s events/s while applying.%n%n",
                    ev.path("users").asInt(),
                    ev.path("events").asInt(),
                    ev.path("publishSeconds").asText(),
                    ev.path("publishToCaughtUpSeconds").asText(),
                    eps,
                    ev.path("firstToLastApplyingTransactionSeconds").asText(),
                    ev.path("eventsPerSecondWhileApplying").asText()));
            double perEvent = ev.path("cpuMicrosPerEvent").asDouble();
            if (perEvent > 0) {
                sb.append(String.format(
                        Locale.ROOT,
                        "CPU over that window (/proc): user-service %s ms, PostgreSQL %s ms, Kafka %s ms "
                                + "= **%.0f µs per event** → %.0f events per CPU-second; with the machine's %d cores to ourselves "
                                + "that is ≈ %.0f events/s. A warm-up run of the same size precedes the measured one.%n%n",
                        ev.path("userServiceCpuMs").asText(),
                        ev.path("postgresCpuMs").asText(),
                        ev.path("kafkaCpuMs").asText(),
                        perEvent,
                        1e6 / perEvent,
                        Runtime.getRuntime().availableProcessors(),
                        Runtime.getRuntime().availableProcessors() * 1e6 / perEvent));
            }
            sb.append(verdict(
                            "≥ 5,000 events/s end to end",
                            eps >= 5000,
                            fmt(eps) + " events/s (" + pct(eps, 5000) + ")"))
                    .append('\n');
        }

        JsonNode st = r.path("startupSeconds");
        if (!st.isMissingNode()) {
            sb.append("## 5. Start-up (JVM mode, process start → `/q/health/ready` 200, each service started alone)\n\n"
                    + "Load average right after the start-ups: `"
                    + r.path("loadAverageAfterStartup").asText()
                    + "`.\n\n| service | seconds | ≤ 3 s |\n|---|---|---|\n");
            st.fields()
                    .forEachRemaining(e -> sb.append(String.format(
                            Locale.ROOT,
                            "| %s | %.2f | %s |%n",
                            e.getKey(),
                            e.getValue().asDouble(),
                            e.getValue().asDouble() <= 3
                                    ? "met"
                                    : String.format(
                                            Locale.ROOT,
                                            "missed by %.2f s",
                                            e.getValue().asDouble() - 3))));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void cpuRow(StringBuilder sb, String name, JsonNode x, double target) {
        sb.append(String.format(
                Locale.ROOT,
                "| %s | %d | %s | %s | %s | %s%s | **%s ms** | %s ms | ≤ %.0f ms |%n",
                name,
                x.path("logins").asInt(),
                x.path("ssoCpuMsPerLogin").asText(),
                x.path("postgresCpuMsPerLogin").asText(),
                x.path("kafkaCpuMsPerLogin").asText(),
                x.path("userServiceCpuMsPerLogin").asText(),
                x.path("userServiceIncluded").asBoolean() ? "" : " (not counted)",
                x.path("totalCpuMsPerLogin").asText(),
                x.path("totalNetOfIdleCpuMsPerLogin").asText(),
                target));
    }

    private static String jvmShares(JsonNode jvms) {
        StringBuilder sb = new StringBuilder();
        jvms.fields()
                .forEachRemaining(e -> sb.append(sb.length() == 0 ? "" : ", ")
                        .append(e.getKey())
                        .append(' ')
                        .append(String.format(
                                Locale.ROOT,
                                "%.0f %% / %.0f %% (%s / %s ms)",
                                100 * e.getValue().path("jitShare").asDouble(),
                                100 * e.getValue().path("gcShare").asDouble(),
                                e.getValue().path("jitMs").asText(),
                                e.getValue().path("gcAndVmThreadMs").asText())));
        return sb.toString();
    }

    private static String row(String name, double v, double err) {
        return String.format(Locale.ROOT, "| %s | %.0f | %.0f |%n", name, v, err);
    }

    private static String verdict(String what, boolean met, String detail) {
        return "- " + (met ? "**met**" : "**MISSED**") + " — " + what + ": " + detail + "\n";
    }

    private static String pct(double v, double target) {
        return String.format(Locale.ROOT, "%.0f %% of the target", 100 * v / target);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
