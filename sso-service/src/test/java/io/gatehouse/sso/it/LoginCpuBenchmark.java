package io.gatehouse.sso.it;

import static io.gatehouse.sso.it.Fixture.domainFor;
import static io.gatehouse.sso.it.Fixture.postAcs;
import static io.gatehouse.sso.it.Fixture.readyAccount;
import static io.gatehouse.sso.it.SamlFlows.responseFor;
import static io.restassured.RestAssured.given;

import io.gatehouse.events.Role;
import io.gatehouse.events.RoleProvenance;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.sso.saml.TestKeys;
import io.gatehouse.testsupport.ProcessCpu;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Not a test (no {@code *Test} name, surefire skips it): server CPU per ACS request and per SP-initiated login of
 * a returning user, in steady state, against the test PostgreSQL and Kafka, and per {@code UserProvisioned} that
 * the {@code users} channel applies (what a first-time login costs sso-service besides its requests:
 * {@code -Dbench.events.rate=200 -Dbench.events.warmup=6000 -Dbench.events.measured=4000}). Run it explicitly:
 * {@code mvn -B -o -pl sso-service test -Dtest=LoginCpuBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dbench.warmup=4000 -Dbench.measured=2000 -Dbench.jfr=/tmp/sso.jfr]}; it prints the figures (in
 * {@code target/surefire-reports/*LoginCpuBenchmark-output.txt}), the last one per second of idling. "Server CPU" is the process's CPU minus the
 * CPU of the thread driving the requests (signing and the HTTP client), split into the threads that serve
 * requests (Vert.x event loops and the worker pool), the service's other threads (outbox relay, consumers, Kafka
 * client) and the rest (JIT compilation, GC, VM): on a small machine the JIT goes on compiling long after start,
 * so the request threads are the steadiest figure. PostgreSQL's processes are reported beside it (10-ms ticks);
 * Kafka is not counted.
 * The abuse limits are off for it (a profile): one address posting thousands of logins a minute is the point.
 */
@QuarkusTest
@io.quarkus.test.junit.TestProfile(LoginCpuBenchmark.RaisedLimits.class)
class LoginCpuBenchmark {
    /** Thousands of logins a minute from one address into one account: the abuse limits are switched off (ADR 0011). */
    public static class RaisedLimits implements io.quarkus.test.junit.QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("gatehouse.abuse-limits.enabled", "false");
        }
    }

    private static final int WARMUP = Integer.getInteger("bench.warmup", 4000);
    private static final int MEASURED = Integer.getInteger("bench.measured", 2000);
    private static final int USERS = 100;
    /**
     * The {@code users} channel's share of a first-time login: {@code UserProvisioned} events published one at a
     * time at the rate first-time logins reach at 16 workers in the side-by-side run, so that the poll batches are
     * as small as they are there (not one burst in a few large batches).
     */
    private static final int EVENT_RATE = Integer.getInteger("bench.events.rate", 200);

    private static final int EVENTS_WARMUP = Integer.getInteger("bench.events.warmup", 6000);
    private static final int EVENTS_MEASURED = Integer.getInteger("bench.events.measured", 4000);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** {@code -Dbench.jfr=<file>}: a JFR recording (profile settings) of the measured phase. */
    private static final String JFR = System.getProperty("bench.jfr");
    /** The test PostgreSQL's port, from the datasource URL: its processes' CPU is reported beside the service's. */
    private static int postgresPort;

    @Test
    void measure() throws Exception {
        postgresPort = URI.create(ConfigProvider.getConfig()
                        .getValue("quarkus.datasource.jdbc.url", String.class)
                        .substring("jdbc:".length()))
                .getPort();
        String accountId = readyAccount("REDIRECT", true, TestKeys.idp());
        List<String> emails = knownUsers(accountId);
        for (int round = 0; round < 2; round++) {
            String phase = round == 0 ? "warm-up" : "measured";
            int n = round == 0 ? WARMUP : MEASURED;
            Recording recording =
                    round == 1 && JFR != null ? new Recording(Configuration.getConfiguration("profile")) : null;
            if (recording != null) {
                recording.start();
            }
            report(phase + " ACS (IdP-initiated)", n, () -> idpInitiated(accountId, emails, n));
            report(
                    phase + " SP-initiated login (login, ACS, session)",
                    n / 2,
                    () -> spInitiated(accountId, emails, n / 2));
            String session = postAcs(
                            accountId, responseFor(accountId, emails.get(0)).base64(), null)
                    .getCookie("GH_SESSION");
            report(phase + " session check (GET /api/session, one session)", n, () -> sessionChecks(session, n));
            int events = round == 0 ? EVENTS_WARMUP : EVENTS_MEASURED;
            String eventsAccount = accountId + "-events-" + round;
            Instant windowStart = Instant.now();
            report(
                    phase + " UserProvisioned applied (a first-time login's event, " + EVENT_RATE + "/s)",
                    events,
                    () -> provisioned(eventsAccount, events));
            transactions(windowStart, events);
            if (recording != null) {
                recording.stop();
                recording.dump(Path.of(JFR));
            }
        }
        Thread.sleep(3000);
        report("idle, per second", 10, () -> Thread.sleep(10_000));
    }

    private interface Batch {
        void run() throws Exception;
    }

    private static void report(String what, int n, Batch batch) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long process = os.getProcessCpuTime();
        long driver = THREADS.getCurrentThreadCpuTime();
        Map<Long, Long> before = javaThreads();
        long postgres = ProcessCpu.postgresTicks(postgresPort);
        long wall = System.nanoTime();
        batch.run();
        long processDelta = os.getProcessCpuTime() - process;
        long driverDelta = THREADS.getCurrentThreadCpuTime() - driver;
        long requests = 0;
        long background = 0;
        Map<String, Long> byName = new java.util.TreeMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null || info.getThreadId() == Thread.currentThread().getId()) {
                continue;
            }
            if (info.getThreadName().startsWith("kafka-producer-network-thread | producer-")) {
                // the driver's KafkaTestClient (a default client id; the service's producers are named)
                driverDelta += Math.max(
                        0, THREADS.getThreadCpuTime(info.getThreadId()) - before.getOrDefault(info.getThreadId(), 0L));
                continue;
            }
            long delta = Math.max(
                    0, THREADS.getThreadCpuTime(info.getThreadId()) - before.getOrDefault(info.getThreadId(), 0L));
            byName.merge(info.getThreadName().replaceAll("[-#]?\\d+$", ""), delta, Long::sum);
            if (info.getThreadName().startsWith("executor-thread")
                    || info.getThreadName().startsWith("vert.x-")) {
                requests += delta;
            } else {
                background += delta;
            }
        }
        long vm = processDelta - driverDelta - requests - background;
        long postgresTicks = ProcessCpu.postgresTicks(postgresPort) - postgres;
        System.out.printf(
                "LoginCpuBenchmark %s: %d in %.1f s; CPU ms each: server %.3f = request threads %.3f"
                        + " + other service threads %.3f + JIT/GC/VM %.3f; PostgreSQL %.3f%n",
                what,
                n,
                (System.nanoTime() - wall) / 1e9,
                (processDelta - driverDelta) / 1e6 / n,
                requests / 1e6 / n,
                background / 1e6 / n,
                vm / 1e6 / n,
                postgresTicks * ProcessCpu.TICK_MS / n);
        StringBuilder threads = new StringBuilder();
        byName.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(6)
                .forEach(e -> threads.append(String.format(" %s %.3f;", e.getKey(), e.getValue() / 1e6 / n)));
        System.out.printf("LoginCpuBenchmark   busiest service threads, CPU ms each:%s%n", threads);
    }

    private static Map<Long, Long> javaThreads() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            cpu.put(id, THREADS.getThreadCpuTime(id));
        }
        return cpu;
    }

    private static void idpInitiated(String accountId, List<String> emails, int n) {
        List<String> responses = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String email = emails.get(i % emails.size());
            responses.add(responseFor(accountId, email).base64());
        }
        // signed ahead so that only the POSTs run during the measurement (signing is on this thread anyway)
        for (String response : responses) {
            postAcs(accountId, response, null).then().statusCode(303);
        }
    }

    private static void spInitiated(String accountId, List<String> emails, int n) {
        for (int i = 0; i < n; i++) {
            String email = emails.get(i % emails.size());
            Response start = SamlFlows.startLogin(email, "/app");
            String cookie = SamlFlows.loginCookie(start);
            String relay = SamlFlows.query(start.getHeader("Location"), "RelayState");
            String response = responseFor(accountId, email)
                    .inResponseTo(SamlFlows.redirectRequestId(start))
                    .base64();
            Response acs = postAcs(accountId, response, relay, cookie);
            acs.then().statusCode(303);
            given().cookie("GH_SESSION", acs.getCookie("GH_SESSION"))
                    .get("/api/session")
                    .then()
                    .statusCode(200);
        }
    }

    /**
     * Publishes {@code n} new users' {@code UserProvisioned} one at a time, paced at {@link #EVENT_RATE} a second,
     * and waits until sso-service's {@code users} channel has applied them all.
     */
    private static void provisioned(String accountId, int n) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * 1_000_000_000L / EVENT_RATE;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            Fixture.publish(UserProvisioned.of(
                    Instant.now(),
                    accountId,
                    UUID.randomUUID().toString(),
                    "new" + i + "@" + accountId + ".test",
                    "New",
                    "User" + i,
                    Role.AGENT,
                    RoleProvenance.DEFAULT,
                    "SSO"));
        }
        Fixture.await("the users channel applied " + n + " events", java.time.Duration.ofMinutes(2), () -> {
            try (Connection c = Arc.container().instance(DataSource.class).get().getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sso_user WHERE account_id = ?")) {
                ps.setString(1, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) == n;
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** How many transactions the users channel applied the window's events in (its processed-event rows' starts). */
    private static void transactions(Instant since, int events) throws Exception {
        try (Connection c = Arc.container().instance(DataSource.class).get().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT processed_at) FROM gh_processed_event "
                        + "WHERE consumer = 'sso-service.users' AND processed_at >= ?")) {
            ps.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long tx = rs.getLong(1);
                System.out.printf(
                        "LoginCpuBenchmark   the users channel: %d transactions, %.2f events each%n",
                        tx, tx == 0 ? 0.0 : (double) events / tx);
            }
        }
    }

    /** The same session checked again and again, as the console's pages and API calls do. */
    private static void sessionChecks(String session, int n) {
        for (int i = 0; i < n; i++) {
            given().cookie("GH_SESSION", session).get("/api/session").then().statusCode(200);
        }
    }

    /** Returning users: already announced by user-service. */
    private static List<String> knownUsers(String accountId) throws Exception {
        List<String> emails = new ArrayList<>();
        try (Connection c = Arc.container().instance(DataSource.class).get().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO sso_user (account_id, user_id, email, role, "
                        + "revoked, updated_at) VALUES (?, ?, ?, 'AGENT', false, ?)")) {
            for (int i = 0; i < USERS; i++) {
                String email = "bench" + i + "@" + domainFor(accountId);
                ps.setString(1, accountId);
                ps.setString(2, UUID.randomUUID().toString());
                ps.setString(3, email);
                ps.setTimestamp(4, Timestamp.from(Instant.now()));
                ps.addBatch();
                emails.add(email);
            }
            ps.executeBatch();
        }
        return emails;
    }
}
