package io.gatehouse.users;

import io.agroal.api.AgroalDataSource;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.Topics;
import io.gatehouse.testsupport.ConsumerLag;
import io.gatehouse.testsupport.Kafka;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.MembershipEvents;
import io.gatehouse.testsupport.Postgres;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.testsupport.ProcessCpu;
import io.gatehouse.users.domain.UserRepository;
import io.gatehouse.users.support.Api;
import io.gatehouse.users.support.AuthResource;
import io.gatehouse.users.support.ProductionTracing;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * Load driver, not a test (its name does not end in Test, so {@code mvn verify} skips it). Publishes membership
 * events for many users (grant, two updates with group changes, revoke) and measures how fast the running
 * service applies them through the real consumer: poll batches of up to 500 records applied in one transaction
 * each, with the processed-event log, row locks, audit entries and outbox rows. Tracing is as in production by
 * default (SDK off, {@link ProductionTracing}).
 *
 * <pre>mvn -B -o test -Dtest=MembershipEventsBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * (-Dbench.users=N to change the size, default 10,000 users = 40,000 events, -Dbench.warmupUsers for the warm-up run's, the same by default). Writes {@code target/benchmarks/user-service-events.json} and {@code .md}.
 */
@QuarkusTest
@TestProfile(ProductionTracing.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "users"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(AuthResource.class)
class MembershipEventsBenchmark {
    private static final String ACCOUNT = "benchmark";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void membershipEventsAppliedPerSecond() throws Exception {
        int users = Integer.getInteger("bench.users", 10000);
        Api.createAccount(ACCOUNT);
        // warm-up: a run of the same size on another account, so the measured run sees compiled code (a 500-user
        // warm-up left the C2 compiler the biggest CPU user of the measured run) and ready connection pools
        run("benchmark-warmup", Integer.getInteger("bench.warmupUsers", users));
        Result r = run(ACCOUNT, users);
        explain();
        write(r);
        System.out.printf("%n%s%n", markdown(r));
    }

    private record Result(
            int users,
            int events,
            double publishSeconds,
            double totalSeconds,
            double applySeconds,
            double perSecondTotal,
            double perSecondApply,
            int maxPollRecords,
            long outboxRows,
            long transactions,
            Cpu cpu) {}

    /**
     * CPU milliseconds (/proc utime+stime, {@link ProcessCpu}) over the measured window: this JVM (the service, and
     * the driver's event building and publishing), PostgreSQL (postmaster and backends) and the Kafka broker.
     * Unlike events/s it hardly depends on what else the machine runs.
     */
    private record Cpu(double jvmMillis, double postgresMillis, double kafkaMillis) {
        static Cpu now() {
            return new Cpu(
                    ProcessCpu.ticks(ProcessHandle.current().pid(), false) * ProcessCpu.TICK_MS,
                    ProcessCpu.postgresTicks(Postgres.get().port()) * ProcessCpu.TICK_MS,
                    ProcessCpu.kafkaPid().map(p -> ProcessCpu.ticks(p, false)).orElse(0L) * ProcessCpu.TICK_MS);
        }

        Cpu since(Cpu before) {
            return new Cpu(
                    jvmMillis - before.jvmMillis,
                    postgresMillis - before.postgresMillis,
                    kafkaMillis - before.kafkaMillis);
        }

        double totalMillis() {
            return jvmMillis + postgresMillis + kafkaMillis;
        }
    }

    private Result run(String account, int users) throws Exception {
        Api.createAccount(account);
        List<GatehouseEvent> events = MembershipEvents.lifecycles(
                account, users, Instant.parse("2026-08-01T00:00:00Z"), Duration.ofSeconds(1));
        Cpu cpuBefore = Cpu.now();
        long start = System.nanoTime();
        MembershipEvents.publish(Kafka.get().bootstrapServers(), events);
        double publishSeconds = (System.nanoTime() - start) / 1e9;
        long lag = ConsumerLag.awaitCaughtUp("user-service.members", Topics.DIRECTORY_MEMBERS, Duration.ofMinutes(10));
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        Cpu cpu = Cpu.now().since(cpuBefore);
        if (lag != 0) {
            throw new IllegalStateException("consumer did not catch up: lag " + lag);
        }
        double applySeconds;
        long outboxRows;
        long transactions;
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            // processed_at is the start time of the applying transaction: first to last batch
            try (ResultSet rs = s.executeQuery("select extract(epoch from max(p.processed_at) - min(p.processed_at)) "
                    + "from gh_processed_event p where p.consumer = 'user-service.members' and p.event_id in "
                    + "(select event_id from audit_entry where account_id = '" + account + "')")) {
                rs.next();
                applySeconds = rs.getDouble(1);
            }
            try (ResultSet rs = s.executeQuery("select count(distinct p.processed_at) "
                    + "from gh_processed_event p where p.consumer = 'user-service.members' and p.event_id in "
                    + "(select event_id from audit_entry where account_id = '" + account + "')")) {
                rs.next();
                transactions = rs.getLong(1);
            }
            try (ResultSet rs =
                    s.executeQuery("select count(*) from gh_outbox where event_key like '" + account + ":%'")) {
                rs.next();
                outboxRows = rs.getLong(1);
            }
        }
        int n = events.size();
        return new Result(
                users,
                n,
                publishSeconds,
                totalSeconds,
                applySeconds,
                n / totalSeconds,
                applySeconds > 0 ? n / applySeconds : Double.NaN,
                500,
                outboxRows,
                transactions,
                cpu);
    }

    /**
     * Prints the plan of the consumer's batch lookup of a poll batch's members (500 of them, with the generic plan
     * a prepared statement gets after a few executions) and of the outbox relay's query, to check that they stay
     * index lookups on a large table.
     */
    private void explain() throws Exception {
        StringJoiner members = new StringJoiner(",", "'{", "}'");
        StringJoiner ids = new StringJoiner(",", "'{", "}'");
        StringJoiner emails = new StringJoiner(",", "'{", "}'");
        for (int i = 0; i < 500; i++) {
            members.add(ACCOUNT);
            ids.add(ACCOUNT + "-" + i);
            emails.add("user" + i + "@" + ACCOUNT + ".test");
        }
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("set plan_cache_mode = force_generic_plan");
            s.execute("prepare lock_members(text[], text[], text[]) as "
                    + UserRepository.LOCK_MEMBERS_SQL
                            .replace("?1", "$1")
                            .replace("?2", "$2")
                            .replace("?3", "$3"));
            print(s, "explain analyze execute lock_members(" + members + ", " + ids + ", " + emails + ")");
            print(s, "explain analyze select id from gh_outbox where sent_at is null order by id limit 500");
        }
    }

    private static void print(Statement s, String query) throws Exception {
        try (ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                System.out.println("PLAN " + rs.getString(1));
            }
        }
    }

    private static String markdown(Result r) {
        return "# user-service: membership events applied per second\n\n"
                + "| measure | value |\n|---|---|\n"
                + "| users × events | " + r.users() + " × 4 = " + r.events() + " (grant, update, update, revoke) |\n"
                + String.format("| publish (async producer) | %.2f s |%n", r.publishSeconds())
                + String.format("| publish start → consumer caught up | %.2f s |%n", r.totalSeconds())
                + String.format("| **events/s, end to end** | **%.0f** |%n", r.perSecondTotal())
                + String.format("| first → last applying transaction | %.2f s |%n", r.applySeconds())
                + String.format("| events/s while applying | %.0f |%n", r.perSecondApply())
                + "| lifecycle events written to the outbox | " + r.outboxRows() + " |\n"
                + "| batching | poll batches of up to " + r.maxPollRecords()
                + " records, one transaction per batch |\n"
                + "| applying transactions (distinct start times) | " + r.transactions() + " |\n"
                + String.format(
                        "| CPU, publish start → caught up | %.0f ms: this JVM %.0f ms (service and driver), PostgreSQL"
                                + " %.0f ms, the broker %.0f ms |%n",
                        r.cpu().totalMillis(),
                        r.cpu().jvmMillis(),
                        r.cpu().postgresMillis(),
                        r.cpu().kafkaMillis())
                + String.format(
                        "| **CPU per event** | **%.0f µs** → %.0f events per CPU-second, %.0f/s if %d cores"
                                + " were ours alone |%n%n",
                        1000 * r.cpu().totalMillis() / r.events(),
                        r.events() / (r.cpu().totalMillis() / 1000),
                        Runtime.getRuntime().availableProcessors()
                                * r.events()
                                / (r.cpu().totalMillis() / 1000),
                        Runtime.getRuntime().availableProcessors())
                + "Machine: " + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM, "
                + "PostgreSQL 17 (embedded) and a KRaft Kafka broker on the same host; JDK "
                + System.getProperty("java.version") + ".\n";
    }

    private static void write(Result r) throws Exception {
        Path dir = Path.of("target", "benchmarks");
        Files.createDirectories(dir);
        String json = String.format(
                java.util.Locale.ROOT,
                "{\"benchmark\":\"membership-events-applied\",\"users\":%d,\"events\":%d,\"publishSeconds\":%.3f,"
                        + "\"totalSeconds\":%.3f,\"eventsPerSecondEndToEnd\":%.1f,\"applySeconds\":%.3f,"
                        + "\"eventsPerSecondApplying\":%.1f,\"outboxRows\":%d,\"maxPollRecords\":%d,\"transactions\":%d,"
                        + "\"cpuMillisJvm\":%.0f,\"cpuMillisPostgres\":%.0f,\"cpuMillisKafka\":%.0f,\"cpuMicrosPerEvent\":%.1f,"
                        + "\"cores\":%d,\"java\":\"%s\",\"at\":\"%s\"}%n",
                r.users(),
                r.events(),
                r.publishSeconds(),
                r.totalSeconds(),
                r.perSecondTotal(),
                r.applySeconds(),
                r.perSecondApply(),
                r.outboxRows(),
                r.maxPollRecords(),
                r.transactions(),
                r.cpu().jvmMillis(),
                r.cpu().postgresMillis(),
                r.cpu().kafkaMillis(),
                1000 * r.cpu().totalMillis() / r.events(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                Instant.now());
        Files.writeString(dir.resolve("user-service-events.json"), json, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("user-service-events.md"), markdown(r), StandardCharsets.UTF_8);
    }
}
