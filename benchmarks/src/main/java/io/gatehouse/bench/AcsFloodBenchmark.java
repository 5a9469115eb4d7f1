package io.gatehouse.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ACS flood isolation (issue 15, point 5): account B's IdP-initiated logins at a fixed rate (open loop, latency
 * from the intended start) are measured on a quiet stack, then again while account A's ACS is flooded with
 * unauthenticated junk (forged responses signed by a key A does not trust, and undecodable bodies) by a pool of
 * back-to-back threads, each request from a new {@code X-Forwarded-For} address (a botnet: the per-address limit
 * never bites, A's per-account limit does). Reports both p99 figures and their ratio against the 2× goal; it asserts
 * nothing. Its own stack with the <em>default</em> abuse limits and one trusted proxy hop (the other benchmarks
 * raise the limits). Run by the {@code -Pbench} profile after BenchMain; writes
 * {@code target/benchmarks/acs-flood.{json,md}}.
 */
public final class AcsFloodBenchmark {
    private AcsFloodBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchMode mode = BenchMode.current();
        Path out = Path.of("target", "benchmarks");
        Files.createDirectories(out);
        int rate = mode.pick(10, 15);
        double seconds = mode.pick(10, 25);
        int floodThreads = 8;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("startedAt", Instant.now().toString());
        report.put("nproc", Runtime.getRuntime().availableProcessors());
        report.put(
                "abuseLimits",
                "defaults, gatehouse.abuse-limits.trusted-proxy-hops=1 (the flood writes X-Forwarded-For)");
        BenchMain.log("ACS flood: starting the stack (default abuse limits)");
        try (BenchStack stack = new BenchStack(Map.of("gatehouse.abuse-limits.trusted-proxy-hops", "1")).start()) {
            Saml.IdpKey key = Saml.IdpKey.generate("CN=Gatehouse flood benchmark IdP");
            Saml.IdpKey attacker = Saml.IdpKey.generate("CN=Not the IdP");
            Accounts.ssoAccount(stack, "flood-a", "flood-a.bench.test", key);
            Accounts.ssoAccount(stack, "flood-b", "flood-b.bench.test", key);
            AcsLoad b = new AcsLoad(stack, key, "flood-b", "flood-b.bench.test", 200);
            AcsLoad forger = new AcsLoad(stack, attacker, "flood-a", "flood-a.bench.test", 50);
            String[] junk = junk(forger.sign(200));

            BenchMain.log("warm-up: B's logins and a short flood of A");
            b.closedLoop(4, b.sign(mode.pick(300, 1500)), mode.pick(5, 15));
            Flood warm = new Flood(stack, "flood-a", junk, floodThreads, 1_000_000).start();
            Thread.sleep(mode.pick(2000, 5000));
            warm.stop();

            BenchMain.log("quiet: B at " + rate + " logins/s for " + seconds + " s");
            AcsLoad.Result quiet = b.openLoop(rate, 32, b.sign((int) (rate * seconds) + 10), seconds);
            long failedBefore = loginFailedRows(stack, "flood-a");

            BenchMain.log("flooded: the same while " + floodThreads + " threads post junk to A");
            String[] signed = b.sign((int) (rate * seconds) + 10);
            Flood flood = new Flood(stack, "flood-a", junk, floodThreads, 2_000_000).start();
            AcsLoad.Result flooded = b.openLoop(rate, 32, signed, seconds);
            Map<String, Object> floodStats = flood.stop();
            long failedAfter = loginFailedRows(stack, "flood-a");

            double q = p99(quiet);
            double f = p99(flooded);
            report.put("bRate", rate);
            report.put("seconds", seconds);
            report.put("quiet", quiet.toMap());
            report.put("flooded", flooded.toMap());
            report.put("flood", floodStats);
            report.put("p99QuietMs", Stats.round(q));
            report.put("p99FloodedMs", Stats.round(f));
            report.put("p99Ratio", Stats.round(f / q));
            report.put("goal", "p99 flooded ≤ 2 × p99 quiet");
            report.put("met", f <= 2 * q);
            report.put("perRequestLoginFailedRowsOfAWrittenDuringFlood", failedAfter - failedBefore);
            report.put("ssoMetrics", metrics(stack));
        }
        report.put("finishedAt", Instant.now().toString());
        Http.JSON
                .copy()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("acs-flood.json").toFile(), report);
        Files.writeString(out.resolve("acs-flood.md"), markdown(report));
        BenchMain.log("wrote " + out.resolve("acs-flood.md").toAbsolutePath());
        System.exit(0);
    }

    private static double p99(AcsLoad.Result r) {
        return ((Number) Stats.summary(r.latenciesMs()).get("p99Ms")).doubleValue();
    }

    /** Forged responses (valid XML, wrong key: parsed and signature-checked before refusal) and undecodable bodies. */
    private static String[] junk(String[] forged) {
        List<String> all = new ArrayList<>(List.of(forged));
        for (int i = 0; i < forged.length / 4; i++) {
            all.add("%%not-base64-" + i);
            all.add(Base64.getEncoder().encodeToString(("<samlp:Response " + i).getBytes()));
        }
        return all.toArray(String[]::new);
    }

    /** Back-to-back junk posts to one account's ACS, each from a new X-Forwarded-For address. */
    static final class Flood {
        private final String url;
        private final String[] junk;
        private final int threads;
        private final int firstAddress;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sent = new AtomicInteger();
        private final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        private ExecutorService pool;
        private long started;

        Flood(BenchStack stack, String account, String[] junk, int threads, int firstAddress) {
            this.url = stack.sso().url() + "/saml/" + account + "/acs";
            this.junk = junk;
            this.threads = threads;
            this.firstAddress = firstAddress;
        }

        Flood start() {
            started = System.nanoTime();
            pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    while (running.get()) {
                        int i = sent.getAndIncrement();
                        int a = firstAddress + i;
                        String address = "10." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
                        HttpRequest post = HttpRequest.newBuilder(
                                        Http.formPost(url, Map.of("SAMLResponse", junk[i % junk.length])),
                                        (n, v) -> true)
                                .header("X-Forwarded-For", address)
                                .build();
                        int status;
                        try {
                            status = Http.CLIENT
                                    .send(post, HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        statuses.merge(status, 1, Integer::sum);
                    }
                });
            }
            return this;
        }

        Map<String, Object> stop() throws InterruptedException {
            running.set(false);
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            double elapsed = (System.nanoTime() - started) / 1e9;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("threads", threads);
            m.put("requests", sent.get());
            m.put("seconds", Stats.round(elapsed));
            m.put("requestsPerSecond", Stats.round(sent.get() / elapsed));
            m.put("statuses", new java.util.TreeMap<>(statuses));
            return m;
        }
    }

    /** LoginFailed rows of the account written per request (aggregates carry a count). */
    private static long loginFailedRows(BenchStack stack, String account) throws Exception {
        try (Connection c =
                        DriverManager.getConnection(stack.pg.database("sso"), stack.pg.user(), stack.pg.password());
                PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM gh_outbox WHERE event_type = 'LoginFailed' "
                                + "AND payload LIKE ? AND payload NOT LIKE '%\"count\"%'")) {
            ps.setString(1, "%\"accountId\":\"" + account + "\"%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The abuse-limit and unverified-refusal counters of sso-service. */
    private static List<String> metrics(BenchStack stack) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(stack.sso().url() + "/q/metrics"))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        String body =
                Http.CLIENT.send(get, HttpResponse.BodyHandlers.ofString()).body();
        return body.lines()
                .filter(l -> !l.startsWith("#")
                        && (l.startsWith("gatehouse_abuse_limits_throttled")
                                || l.startsWith("gatehouse_sso_acs_unverified_refusals")))
                .toList();
    }

    private static String markdown(Map<String, Object> r) {
        return String.format(
                Locale.ROOT,
                "# ACS flood isolation%n%n%s → %s, nproc %s. Abuse limits: %s.%n%n"
                        + "Account B: IdP-initiated logins at %s/s (open loop) for %s s, quiet and then while account A's ACS is "
                        + "flooded with junk from a new address per request.%n%n| measure | value |%n|---|---|%n"
                        + "| B p99 quiet | %s ms |%n| B p99 flooded | %s ms |%n| **ratio** | **%s** (goal ≤ 2: %s) |%n"
                        + "| B quiet | `%s` |%n| B flooded | `%s` |%n| flood of A | `%s` |%n"
                        + "| per-request LoginFailed rows of A written during the flood | %s |%n| sso-service counters | `%s` |%n",
                r.get("startedAt"),
                r.get("finishedAt"),
                r.get("nproc"),
                r.get("abuseLimits"),
                r.get("bRate"),
                r.get("seconds"),
                r.get("p99QuietMs"),
                r.get("p99FloodedMs"),
                r.get("p99Ratio"),
                Boolean.TRUE.equals(r.get("met")) ? "met" : "MISSED",
                latency(r.get("quiet")),
                latency(r.get("flooded")),
                r.get("flood"),
                r.get("perRequestLoginFailedRowsOfAWrittenDuringFlood"),
                r.get("ssoMetrics"));
    }

    private static Object latency(Object result) {
        return result instanceof Map<?, ?> m ? m.get("latency") + ", errors " + m.get("errorKinds") : result;
    }
}
