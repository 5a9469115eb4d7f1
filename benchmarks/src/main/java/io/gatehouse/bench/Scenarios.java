package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.Topics;
import io.gatehouse.testsupport.ConsumerLag;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.MembershipEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The stack-level benchmarks other than ACS throughput. Each returns its figures as a map for the report. */
final class Scenarios {
    private Scenarios() {}

    // ---------------------------------------------------------------- CPU per complete SP-initiated login

    /**
     * After a warm-up of {@code warmSeconds} ({@link LoginLoad#warmUp}: returning and first-time logins, none of
     * them measured), a batch of returning users and one of first logins; each window says how much of
     * sso-service's and user-service's CPU went to JIT compilation and GC.
     */
    static Map<String, Object> loginCpu(
            BenchStack stack, Saml.IdpKey key, String account, String domain, int n, int threads, double warmSeconds)
            throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(
                "warmUp",
                new LoginLoad(new GatehouseTarget(stack, key, account, domain), Math.min(n, 100))
                        .warmUp(threads, warmSeconds, 3 * warmSeconds, warmSeconds / 3));
        // returning users: log them in once (JIT in user-service), wait until provisioned, then measure
        List<String> returning = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            returning.add("returning" + i + "@" + domain);
        }
        long before = Accounts.userTotal(stack, account);
        runLogins(stack, key, account, returning, threads);
        awaitUsers(stack, account, before + n);
        Http.sleep(2000);
        Map<String, Object> idle = idle(stack, 5000);
        out.put("idleBaseline", idle);
        out.put("returningUsers", measured(stack, key, account, returning, threads, -1, false, idle));
        List<String> first = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            first.add("first" + i + "-" + System.nanoTime() + "@" + domain);
        }
        long expected = Accounts.userTotal(stack, account) + n;
        out.put("firstLogins", measured(stack, key, account, first, threads, expected, true, idle));
        return out;
    }

    private static Map<String, Object> idle(BenchStack stack, long ms) {
        ProcCpu.Reading a = ProcCpu.read(stack);
        Http.sleep(ms);
        ProcCpu.Reading b = ProcCpu.read(stack);
        Map<String, Object> m = new LinkedHashMap<>();
        double s = ms / 1000.0;
        m.put("seconds", s);
        m.put("ssoMsPerSecond", Stats.round((b.sso() - a.sso()) * ProcCpu.TICK_MS / s));
        m.put("postgresMsPerSecond", Stats.round((b.postgres() - a.postgres()) * ProcCpu.TICK_MS / s));
        m.put("kafkaMsPerSecond", Stats.round((b.kafka() - a.kafka()) * ProcCpu.TICK_MS / s));
        m.put("usersMsPerSecond", Stats.round((b.users() - a.users()) * ProcCpu.TICK_MS / s));
        return m;
    }

    private static Map<String, Object> measured(
            BenchStack stack,
            Saml.IdpKey key,
            String account,
            List<String> emails,
            int threads,
            long awaitUsers,
            boolean withUsers,
            Map<String, Object> idle)
            throws Exception {
        JvmThreads.Reading ssoJvm = JvmThreads.read(stack.sso().pid());
        JvmThreads.Reading usersJvm = JvmThreads.read(stack.users().pid());
        ProcCpu.Reading a = ProcCpu.read(stack);
        long t0 = System.nanoTime();
        int errors = runLogins(stack, key, account, emails, threads);
        if (awaitUsers > 0) {
            awaitUsers(stack, account, awaitUsers);
        }
        Http.sleep(1000); // let the outbox relay and consumers finish the batch's tail
        double seconds = (System.nanoTime() - t0) / 1e9;
        ProcCpu.Reading b = ProcCpu.read(stack);
        Map<String, Object> jvms = new LinkedHashMap<>();
        jvms.put(
                "sso-service",
                JvmThreads.window(ssoJvm, JvmThreads.read(stack.sso().pid())));
        jvms.put(
                "user-service",
                JvmThreads.window(usersJvm, JvmThreads.read(stack.users().pid())));
        int n = emails.size() - errors;
        double sso = (b.sso() - a.sso()) * ProcCpu.TICK_MS;
        double pg = (b.postgres() - a.postgres()) * ProcCpu.TICK_MS;
        double kafka = (b.kafka() - a.kafka()) * ProcCpu.TICK_MS;
        double users = (b.users() - a.users()) * ProcCpu.TICK_MS;
        double total = sso + pg + kafka + (withUsers ? users : 0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("logins", n);
        m.put("errors", errors);
        m.put("wallSeconds", Stats.round(seconds));
        m.put("ssoCpuMsPerLogin", Stats.round(sso / n));
        m.put("postgresCpuMsPerLogin", Stats.round(pg / n));
        m.put("kafkaCpuMsPerLogin", Stats.round(kafka / n));
        m.put("userServiceCpuMsPerLogin", Stats.round(users / n));
        m.put("userServiceIncluded", withUsers);
        m.put("totalCpuMsPerLogin", Stats.round(total / n));
        m.put("totalIncludingUserServiceCpuMsPerLogin", Stats.round((sso + pg + kafka + users) / n));
        double idleMs = seconds
                * (rate(idle, "ssoMsPerSecond")
                        + rate(idle, "postgresMsPerSecond")
                        + rate(idle, "kafkaMsPerSecond")
                        + (withUsers ? rate(idle, "usersMsPerSecond") : 0));
        m.put("idleCpuMsInWindow", Stats.round(idleMs));
        m.put("totalNetOfIdleCpuMsPerLogin", Stats.round(Math.max(0, total - idleMs) / n));
        m.put("jvms", jvms);
        return m;
    }

    private static double rate(Map<String, Object> idle, String k) {
        return ((Number) idle.get(k)).doubleValue();
    }

    private static int runLogins(BenchStack stack, Saml.IdpKey key, String account, List<String> emails, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Boolean>> f = new ArrayList<>();
        for (String e : emails) {
            f.add(pool.submit(() -> {
                try {
                    Logins.spInitiated(stack, key, account, e);
                    return true;
                } catch (Exception ex) {
                    System.err.println("login failed: " + ex.getMessage());
                    return false;
                }
            }));
        }
        int errors = 0;
        for (Future<Boolean> x : f) {
            if (!x.get()) {
                errors++;
            }
        }
        pool.shutdown();
        return errors;
    }

    static void awaitUsers(BenchStack stack, String account, long total) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (Accounts.userTotal(stack, account) < total) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("user-service did not reach " + total + " users of " + account);
            }
            Http.sleep(100);
        }
    }

    // ---------------------------------------------------------------- revocation latency

    /**
     * For each trial: a new simulator user joins the bound group, is granted (SCIM push, or a sync run), logs in;
     * then it is removed from the group and {@code GET /api/session} is polled every 10 ms until 401.
     */
    static Map<String, Object> revocation(
            BenchStack stack, Saml.IdpKey key, String account, String domain, boolean scim, int trials)
            throws Exception {
        String sim = stack.sim().url();
        String dir = stack.directory().url();
        Accounts.ssoAccount(stack, account, domain, key);
        String apiKey = Http.get(sim + "/sim/org", null)
                .expect(200)
                .json()
                .get("apiKey")
                .asText();
        String group = Http.post(sim + "/sim/groups", null, Map.of("name", "Bench " + account))
                .expect(201)
                .json()
                .get("id")
                .asText();
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("name", "bench-" + account);
        app.put("spEntityId", stack.sso().url() + "/saml/" + account + "/metadata");
        app.put("acsUrl", stack.sso().url() + "/saml/" + account + "/acs");
        String appId = Http.post(sim + "/sim/apps", null, app)
                .expect(201)
                .json()
                .get("_id")
                .asText();
        Map<String, Object> conn = new LinkedHashMap<>();
        conn.put("provider", "JUMPCLOUD");
        conn.put("apiBaseUrl", sim);
        conn.put("apiKey", apiKey);
        conn.put("applicationId", appId);
        conn.put("syncIntervalSeconds", scim ? 0 : 30);
        conn.put("revokeBrake", Map.of("maxFraction", 1.0, "minCount", 1000));
        conn.put("scimEnabled", scim);
        Http.put(dir + "/api/accounts/" + account + "/directory", stack.operatorToken, conn)
                .expect(200, 201);
        if (scim) {
            JsonNode token = Http.post(
                            dir + "/api/accounts/" + account + "/directory/scim-token", stack.operatorToken, null)
                    .expect(200, 201)
                    .json();
            app.put(
                    "scim",
                    Map.of(
                            "baseUrl",
                            token.get("baseUrl").asText(),
                            "token",
                            token.get("token").asText()));
        }
        app.put("groupIds", List.of(group));
        Http.put(sim + "/sim/apps/" + appId, null, app).expect(200);

        List<Double> latencies = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            String email = (scim ? "scim" : "poll") + t + "-" + System.nanoTime() % 100000 + "@" + domain;
            try {
                String uid = Http.post(
                                sim + "/sim/users",
                                null,
                                Map.of("email", email, "firstname", "Rev", "lastname", "T" + t))
                        .expect(201)
                        .json()
                        .get("_id")
                        .asText();
                Http.put(sim + "/sim/groups/" + group + "/members/" + uid, null, null)
                        .expect(204);
                if (!scim) {
                    syncNow(stack, account);
                }
                Accounts.awaitUserStatus(stack, account, email, "ACTIVE", 60_000);
                String cookie = Logins.idpInitiated(stack, key, account, email);
                if (Logins.session(stack.sso().url(), cookie) != 200) {
                    throw new IllegalStateException("no session after login");
                }
                long t0 = System.nanoTime();
                Http.delete(sim + "/sim/groups/" + group + "/members/" + uid, null)
                        .expect(204);
                long deadline = t0 + 120_000_000_000L;
                while (Logins.session(stack.sso().url(), cookie) == 200) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("session still valid after 120 s");
                    }
                    Http.sleep(10);
                }
                latencies.add((System.nanoTime() - t0) / 1e6);
            } catch (Exception e) {
                failures.add(e.getMessage());
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", scim ? "SCIM push" : "polling (syncIntervalSeconds=30, the minimum; scheduler tick 1 s)");
        m.put("trials", trials);
        m.put(
                "latency",
                Stats.summary(
                        latencies.stream().mapToDouble(Double::doubleValue).toArray()));
        m.put("failures", failures);
        return m;
    }

    private static void syncNow(BenchStack stack, String account) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            Http.Answer a = Http.post(
                    stack.directory().url() + "/api/accounts/" + account + "/directory/sync?wait=true",
                    stack.operatorToken,
                    null);
            if (a.status() == 200 || System.currentTimeMillis() > deadline) {
                a.expect(200);
                return;
            }
            Http.sleep(200); // 409 sync_in_progress: a scheduled run holds the account
        }
    }

    // ---------------------------------------------------------------- event application

    static Map<String, Object> events(BenchStack stack, String account, int users) throws Exception {
        Accounts.createAccount(stack, account);
        List<GatehouseEvent> events =
                MembershipEvents.lifecycles(account, users, Instant.now().minusSeconds(3600), Duration.ofMillis(1));
        ProcCpu.Reading cpuBefore = ProcCpu.read(stack);
        long start = System.nanoTime();
        MembershipEvents.publish(stack.kafka, events);
        double publish = (System.nanoTime() - start) / 1e9;
        long lag = ConsumerLag.awaitCaughtUp(
                stack.kafka, "user-service.members", Topics.DIRECTORY_MEMBERS, Duration.ofMinutes(10));
        double total = (System.nanoTime() - start) / 1e9;
        ProcCpu.Reading cpuAfter = ProcCpu.read(stack);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("users", users);
        m.put("events", events.size());
        // user-service, PostgreSQL (all databases: only user-service works here) and the broker, over the window
        double usersMs = (cpuAfter.users() - cpuBefore.users()) * ProcCpu.TICK_MS;
        double pgMs = (cpuAfter.postgres() - cpuBefore.postgres()) * ProcCpu.TICK_MS;
        double kafkaMs = (cpuAfter.kafka() - cpuBefore.kafka()) * ProcCpu.TICK_MS;
        m.put("userServiceCpuMs", Stats.round(usersMs));
        m.put("postgresCpuMs", Stats.round(pgMs));
        m.put("kafkaCpuMs", Stats.round(kafkaMs));
        m.put("cpuMicrosPerEvent", Stats.round(1000 * (usersMs + pgMs + kafkaMs) / events.size()));
        m.put("publishSeconds", Stats.round(publish));
        m.put("publishToCaughtUpSeconds", Stats.round(total));
        m.put("eventsPerSecondEndToEnd", Stats.round(events.size() / total));
        m.put("finalLag", lag);
        try (Connection c =
                        DriverManager.getConnection(stack.pg.database("users"), stack.pg.user(), stack.pg.password());
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("select extract(epoch from max(p.processed_at) - min(p.processed_at)), count(*) "
                                + "from gh_processed_event p where p.consumer = 'user-service.members' and p.event_id in "
                                + "(select event_id from audit_entry where account_id = '" + account + "')")) {
            rs.next();
            double apply = rs.getDouble(1);
            m.put("firstToLastApplyingTransactionSeconds", Stats.round(apply));
            m.put("eventsPerSecondWhileApplying", apply > 0 ? Stats.round(events.size() / apply) : null);
        } catch (Exception e) {
            m.put("applyWindowError", e.getMessage());
        }
        return m;
    }

    // ---------------------------------------------------------------- reconciliation

    static Map<String, Object> reconcile(BenchStack stack, int users) throws Exception {
        String sim = stack.sim().url();
        String dir = stack.directory().url();
        String account = "recon-" + users;
        String apiKey = Http.get(sim + "/sim/org", null)
                .expect(200)
                .json()
                .get("apiKey")
                .asText();
        String app = Http.post(
                        sim + "/sim/apps",
                        null,
                        Map.of(
                                "name",
                                "recon-" + users,
                                "spEntityId",
                                "https://sp.test/recon-" + users,
                                "acsUrl",
                                "https://sp.test/recon-" + users + "/acs"))
                .expect(201)
                .json()
                .get("_id")
                .asText();
        long seed0 = System.nanoTime();
        Http.post(
                        sim + "/sim/generate",
                        null,
                        Map.of(
                                "users",
                                users,
                                "emailPrefix",
                                "r" + users + "u",
                                "emailDomain",
                                "recon.test",
                                "groups",
                                List.of(Map.of("name", "Recon " + users, "size", users)),
                                "appId",
                                app))
                .expect(200, 201);
        double seedSeconds = (System.nanoTime() - seed0) / 1e9;
        Accounts.createAccount(stack, account);
        Map<String, Object> conn = new LinkedHashMap<>();
        conn.put("apiBaseUrl", sim);
        conn.put("apiKey", apiKey);
        conn.put("applicationId", app);
        conn.put("syncIntervalSeconds", 0);
        Http.put(dir + "/api/accounts/" + account + "/directory", stack.operatorToken, conn)
                .expect(200, 201);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("users", users);
        m.put("seedSeconds", Stats.round(seedSeconds));
        try (KafkaTestClient kafka = new KafkaTestClient(stack.kafka)) {
            long topicBefore = kafka.size(Topics.DIRECTORY_MEMBERS);
            m.put("initialSync", syncRun(stack, account));
            long published = awaitStable(kafka, topicBefore + users, 900_000);
            m.put("eventsPublishedByInitialSync", published - topicBefore);
            Map<String, Object> second = syncRun(stack, account);
            Http.sleep(3000);
            long after = kafka.size(Topics.DIRECTORY_MEMBERS);
            second.put("eventsPublished", after - published);
            m.put("noChangeSync", second);
        }
        return m;
    }

    private static long awaitStable(KafkaTestClient kafka, long atLeast, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        long last = -1;
        while (System.currentTimeMillis() < deadline) {
            long now = kafka.size(Topics.DIRECTORY_MEMBERS);
            if (now >= atLeast && now == last) {
                return now;
            }
            last = now;
            Http.sleep(1000);
        }
        return last;
    }

    private static final Pattern HEAP =
            Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\}\\s+([0-9.E+-]+)", Pattern.MULTILINE);

    private static Map<String, Object> syncRun(BenchStack stack, String account) throws Exception {
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    String metrics = Http.get(stack.directory().url() + "/q/metrics", null)
                            .body();
                    Matcher mm = HEAP.matcher(metrics);
                    long sum = 0;
                    while (mm.find()) {
                        sum += (long) Double.parseDouble(mm.group(1));
                    }
                    peak.accumulateAndGet(sum, Math::max);
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // keep sampling
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long t0 = System.nanoTime();
        JsonNode r = Http.post(
                        stack.directory().url() + "/api/accounts/" + account + "/directory/sync?wait=true",
                        stack.operatorToken,
                        null)
                .expect(200)
                .json();
        double wall = (System.nanoTime() - t0) / 1e9;
        sampler.interrupt();
        sampler.join();
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : List.of("status", "granted", "updated", "revoked", "unchanged", "apiCalls", "error")) {
            JsonNode v = r.get(f);
            m.put(f, v == null || v.isNull() ? null : v.isNumber() ? v.numberValue() : v.asText());
        }
        m.put("wallSeconds", Stats.round(wall));
        m.put("peakHeapSampledMiB", peak.get() / (1024 * 1024));
        return m;
    }

    /** The largest heap occupancy before a collection in directory-service's GC log (whole process life). */
    static Long gcLogPeakMiB(Path gcLog) {
        try {
            Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)").matcher(Files.readString(gcLog));
            long max = -1;
            while (m.find()) {
                max = Math.max(max, Long.parseLong(m.group(1)));
            }
            return max < 0 ? null : max;
        } catch (Exception e) {
            return null;
        }
    }
}
