package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** side-by-side.md from the report map, and its publication into docs/benchmarks/. */
final class SideBySideReport {
    static final String BLOCK_START =
            "<!-- side-by-side:start (written by benchmarks' SideBySide -Dbench.publish=true) -->";
    static final String BLOCK_END = "<!-- side-by-side:end -->";

    private SideBySideReport() {}

    static String render(Map<String, Object> report) {
        JsonNode r = Http.JSON.valueToTree(report);
        StringBuilder sb = new StringBuilder("# Keycloak and Gatehouse side by side: SAML logins\n\n");
        sb.append(header(r)).append("\n\n");
        if (r.path("problems").size() > 0) {
            sb.append("**Problems during the run:** `")
                    .append(r.path("problems"))
                    .append("`\n\n");
        }
        sb.append("""
                One driver plays both the browser and the IdP (RSA-2048 key, assertion signed, RSA-SHA256, exclusive c14n) and
                logs in through complete SP-initiated flows, each with a fresh browser:
                - **Keycloak** (SAML identity broker, signature validation on with the driver's certificate, first broker
                  login without forms): OIDC authorization request with `kc_idp_hint` → Keycloak's redirects → AuthnRequest
                  (Redirect binding) → signed response POSTed to the broker endpoint (**ACS**) → Keycloak's redirects (user
                  creation for a first-time user) → code at the client's redirect URI → the client's code-for-token exchange.
                - **Gatehouse**: `POST /sso/login` → AuthnRequest (Redirect binding) → signed response POSTed to the ACS
                  (**ACS**) → `GET /api/session` with the session cookie.

                *Login* latency = the sum of the login's HTTP round trips (the driver's signing is the IdP's time and not
                counted). *Server CPU per login* = utime + stime from `/proc` of the target's processes over the window
                (from the first login until the target has settled: Gatehouse until user-service has created every
                first-time user, then 1 s; Keycloak 1 s), divided by the window's successful logins. Returning users were
                created during the warm-up; first-time users are new in every login. Closed loop: N workers log in back
                to back. JIT and GC shares: CPU of the JVMs' compiler threads and of their GC + VM threads, of each
                JVM's CPU in the window.

                """);
        JsonNode targets = r.path("targets");
        sb.append(
                "## Warm-up\n\n| target | seconds | logins (errors) | JIT settled | JIT share of each JVM's CPU in the last slice |\n|---|---|---|---|---|\n");
        String rule = "";
        for (Iterator<Map.Entry<String, JsonNode>> it = targets.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            JsonNode w = t.getValue().path("warmUp");
            rule = w.path("rule").asText();
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s (%s) | %s | %s |%n",
                    t.getKey(),
                    w.path("seconds").asText(),
                    w.path("logins").asText(),
                    w.path("errors").asText(),
                    w.path("settled").asBoolean() ? "yes" : "**no**",
                    shares(w.path("lastSliceJvms"), "jitShare")));
        }
        sb.append(
                        "\nWarm-up: 16 workers; each returning user's first login, then returning and first-time logins 3:1, ")
                .append(rule)
                .append(". The windows' own JIT shares below show what is left.\n\n");
        sb.append(
                "## Every window\n\n| users | workers | target | logins/s | ACS p50 / p99 ms | login p50 / p99 ms | "
                        + "server CPU ms / login | of which | JIT / GC share | errors |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (String kind : new String[] {"RETURNING", "FIRST_TIME"}) {
            for (int workers : SideBySide.WORKERS) {
                for (String t : new String[] {"keycloak", "gatehouse"}) {
                    JsonNode w = window(targets.path(t), kind, workers);
                    if (w == null) {
                        continue;
                    }
                    sb.append(String.format(
                            Locale.ROOT,
                            "| %s | %d | %s | %s | %s / %s | %s / %s | **%s** | %s | %s | %s |%n",
                            label(kind),
                            workers,
                            t,
                            w.path("loginsPerSecond").asText(),
                            w.path("acs").path("p50Ms").asText(),
                            w.path("acs").path("p99Ms").asText(),
                            w.path("login").path("p50Ms").asText(),
                            w.path("login").path("p99Ms").asText(),
                            w.path("serverCpuMsPerLogin").asText(),
                            breakdown(w.path("cpuMsPerLogin")),
                            jitGc(w.path("jvms")),
                            errors(w)));
                }
            }
        }
        sb.append(consumerBatches(targets));
        for (Iterator<Map.Entry<String, JsonNode>> it = targets.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            JsonNode p = t.getValue().path("profile");
            if (p.isMissingNode()) {
                continue;
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "%n## Profile of %s (JFR, an extra %s × 16 window: %s logins/s, %s ms server CPU per login)%n",
                    t.getKey(),
                    p.path("kind").asText("returning"),
                    p.path("window").path("loginsPerSecond").asText(),
                    p.path("window").path("serverCpuMsPerLogin").asText()));
            p.fields().forEachRemaining(e -> {
                if (e.getKey().equals("window") || e.getKey().equals("kind")) {
                    return;
                }
                sb.append(String.format(
                        Locale.ROOT,
                        "%n### %s — %s execution samples (`%s`)%n%nTop self frames:%n```%n",
                        e.getKey(),
                        e.getValue().path("samples").asText(),
                        e.getValue().path("file").asText()));
                e.getValue().path("topSelf").forEach(f -> sb.append(f.asText()).append('\n'));
                sb.append("```\nTop inclusive frames (application and libraries):\n```\n");
                e.getValue()
                        .path("topInclusive")
                        .forEach(f -> sb.append(f.asText()).append('\n'));
                sb.append("```\n");
            });
        }
        sb.append("\n## Ratios (Gatehouse ÷ Keycloak, same run)\n\n")
                .append(ratioTable(targets))
                .append('\n');
        sb.append("""
                Goals of issue #20 at 16 workers: server CPU ratio ≤ 0.33 in both modes, sso-service ≤ 1.5 ms per login,
                logins/s ratio ≥ 1.5. Keycloak's column "JVM alone" leaves its PostgreSQL out.
                """);
        return sb.toString();
    }

    static String header(JsonNode r) {
        JsonNode mc = r.path("machine");
        JsonNode plan = r.path("plan");
        return String.format(
                Locale.ROOT,
                "Mode **%s**, %s → %s. Machine: nproc %s, load average at start `%s`, %s, %s, %s. "
                        + "Warm-up %s s per target, windows of %s s. The machine may be shared: only the ratios taken in one run "
                        + "mean anything.",
                r.path("mode").asText(),
                r.path("startedAt").asText(),
                r.has("finishedAt") ? r.path("finishedAt").asText() : "NOT FINISHED",
                mc.path("nproc").asText(),
                mc.path("loadAverageAtStart").asText(),
                mc.path("memTotal").asText(),
                mc.path("java").asText(),
                mc.path("os").asText(),
                plan.path("warmUpSeconds").asText(),
                plan.path("windowSeconds").asText());
    }

    static String ratioTable(JsonNode targets) {
        StringBuilder sb =
                new StringBuilder("| users | workers | server CPU per login | vs Keycloak's JVM alone | logins/s | "
                        + "sso-service CPU ms / login | ACS p99 | login p99 |\n|---|---|---|---|---|---|---|---|\n");
        for (String kind : new String[] {"RETURNING", "FIRST_TIME"}) {
            for (int workers : SideBySide.WORKERS) {
                JsonNode k = window(targets.path("keycloak"), kind, workers);
                JsonNode g = window(targets.path("gatehouse"), kind, workers);
                if (k == null || g == null) {
                    continue;
                }
                double kcCpu = k.path("serverCpuMsPerLogin").asDouble();
                double kcJvm = k.path("cpuMsPerLogin").path("keycloak").asDouble();
                double ghCpu = g.path("serverCpuMsPerLogin").asDouble();
                sb.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | **%.2f×** (%.1f vs %.1f ms) | %.2f× (%.1f ms) | **%.2f×** (%.0f vs %.0f/s) | %s | %.2f× | %.2f× |%n",
                        label(kind),
                        workers,
                        ghCpu / kcCpu,
                        ghCpu,
                        kcCpu,
                        ghCpu / kcJvm,
                        kcJvm,
                        g.path("loginsPerSecond").asDouble()
                                / k.path("loginsPerSecond").asDouble(),
                        g.path("loginsPerSecond").asDouble(),
                        k.path("loginsPerSecond").asDouble(),
                        g.path("cpuMsPerLogin").path("sso-service").asText(),
                        g.path("acs").path("p99Ms").asDouble()
                                / k.path("acs").path("p99Ms").asDouble(),
                        g.path("login").path("p99Ms").asDouble()
                                / k.path("login").path("p99Ms").asDouble()));
            }
        }
        return sb.toString();
    }

    /**
     * Records per poll batch of Gatehouse's consumers in each window (sso-service's {@code users}: a first-time
     * login's {@code UserProvisioned}; user-service's {@code logins}: every login's {@code LoginSucceeded}).
     */
    static String consumerBatches(JsonNode targets) {
        StringBuilder rows = new StringBuilder();
        for (String kind : new String[] {"RETURNING", "FIRST_TIME"}) {
            for (int workers : SideBySide.WORKERS) {
                JsonNode w = window(targets.path("gatehouse"), kind, workers);
                if (w == null) {
                    continue;
                }
                w.path("consumerBatches")
                        .fields()
                        .forEachRemaining(c -> rows.append(String.format(
                                Locale.ROOT,
                                "| %s | %d | %s | %s | %s | %s |%n",
                                label(kind),
                                workers,
                                c.getKey(),
                                c.getValue().path("batches").asText(),
                                c.getValue().path("records").asText(),
                                c.getValue().path("recordsPerBatch").asText())));
            }
        }
        if (rows.length() == 0) {
            return "";
        }
        return "\n## Gatehouse's event consumers: records per poll batch\n\nEach poll batch is one transaction (with "
                + "one processed-event insert) and one poll: what a login's event costs the consumer is partly per "
                + "record, partly per batch.\n\n| users | workers | consumer | batches | records | records / batch |\n"
                + "|---|---|---|---|---|---|\n" + rows;
    }

    private static JsonNode window(JsonNode target, String kind, int workers) {
        for (JsonNode w : target.path("windows")) {
            if (kind.equals(w.path("kind").asText()) && w.path("workers").asInt() == workers) {
                return w;
            }
        }
        return null;
    }

    private static String label(String kind) {
        return "RETURNING".equals(kind) ? "returning" : "first-time";
    }

    private static String breakdown(JsonNode perLogin) {
        StringBuilder sb = new StringBuilder();
        perLogin.fields()
                .forEachRemaining(e -> sb.append(sb.length() == 0 ? "" : ", ")
                        .append(e.getKey())
                        .append(' ')
                        .append(e.getValue().asText()));
        return sb.toString();
    }

    private static String jitGc(JsonNode jvms) {
        StringBuilder sb = new StringBuilder();
        jvms.fields()
                .forEachRemaining(e -> sb.append(sb.length() == 0 ? "" : ", ")
                        .append(e.getKey())
                        .append(' ')
                        .append(pct(e.getValue().path("jitShare").asDouble()))
                        .append(" / ")
                        .append(pct(e.getValue().path("gcShare").asDouble())));
        return sb.toString();
    }

    private static String shares(JsonNode jvms, String field) {
        StringBuilder sb = new StringBuilder();
        jvms.fields()
                .forEachRemaining(e -> sb.append(sb.length() == 0 ? "" : ", ")
                        .append(e.getKey())
                        .append(' ')
                        .append(pct(e.getValue().path(field).asDouble())));
        return sb.toString();
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * share);
    }

    private static String errors(JsonNode w) {
        int n = w.path("errors").asInt();
        return n == 0 ? "0" : n + " (" + w.path("errorKinds") + ")";
    }

    /**
     * The published report's file name: {@code <date>-side-by-side.md}, or {@code <date>-side-by-side-<HHmm>.md}
     * (the run's start, UTC) when that day already has one, so a second run of a day does not overwrite the first.
     */
    static String reportName(Path docs, String startedAt) {
        String name = startedAt.substring(0, 10) + "-side-by-side.md";
        if (!Files.exists(docs.resolve(name))) {
            return name;
        }
        return startedAt.substring(0, 10) + "-side-by-side-" + startedAt.substring(11, 13) + startedAt.substring(14, 16)
                + ".md";
    }

    /**
     * Copies the report to {@code docs/benchmarks/} ({@link #reportName}) and replaces the side-by-side block of
     * {@code docs/benchmarks/README.md} with the ratio table, the date and the machine.
     */
    static void publish(Map<String, Object> report, Path out) throws Exception {
        JsonNode r = Http.JSON.valueToTree(report);
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/benchmarks/README.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "docs/benchmarks/README.md not found above " + System.getProperty("user.dir"));
        }
        String date = r.path("startedAt").asText().substring(0, 10);
        String name =
                reportName(dir.resolve("docs/benchmarks"), r.path("startedAt").asText());
        Files.writeString(
                dir.resolve("docs/benchmarks").resolve(name), Files.readString(out.resolve("side-by-side.md")));
        Path readme = dir.resolve("docs/benchmarks/README.md");
        String text = Files.readString(readme);
        int a = text.indexOf(BLOCK_START);
        int b = text.indexOf(BLOCK_END);
        if (a < 0 || b < a) {
            throw new IllegalStateException("no side-by-side block in " + readme);
        }
        String block = BLOCK_START + "\n"
                + String.format(
                        Locale.ROOT,
                        "Latest side-by-side run — **%s**, %s ([full report](%s)):%n%n",
                        date,
                        header(r),
                        name)
                + ratioTable(r.path("targets")) + BLOCK_END;
        Files.writeString(readme, text.substring(0, a) + block + text.substring(b + BLOCK_END.length()));
    }
}
