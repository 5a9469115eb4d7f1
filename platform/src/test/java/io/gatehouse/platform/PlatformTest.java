package io.gatehouse.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gatehouse.events.AccountUpserted;
import io.gatehouse.events.CloudEventHeaders;
import io.gatehouse.events.EventJson;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.Plan;
import io.gatehouse.events.Topics;
import io.gatehouse.platform.messaging.PromptCommit;
import io.gatehouse.platform.outbox.Outbox;
import io.gatehouse.testsupport.ConsumerLag;
import io.gatehouse.testsupport.Kafka;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "platform"))
@QuarkusTestResource(KafkaResource.class)
class PlatformTest {
    static KafkaTestClient kafka;

    @Inject
    Outbox outbox;

    @Inject
    TestEffects effects;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @Inject
    javax.sql.DataSource dataSource;

    @Inject
    PlatformConfig platformConfig;

    @BeforeAll
    static void client() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    private List<AccountUpserted> publishCommitted(String prefix, int n) {
        List<AccountUpserted> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(AccountUpserted.of(Instant.now(), prefix + "-" + (i % 3), "Account " + i, Plan.BUSINESS));
        }
        QuarkusTransaction.requiringNew().run(() -> events.forEach(outbox::publish));
        return events;
    }

    private static Set<UUID> ids(List<? extends GatehouseEvent> events) {
        Set<UUID> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.eventId()));
        return ids;
    }

    /**
     * The first record of each of the events, waiting until every one is on the topic. The relay is at-least-once:
     * a batch sent again after a broker restart must not count twice toward {@code ids.size()}.
     */
    private List<ConsumerRecord<String, byte[]>> awaitOnTopic(Set<UUID> ids) {
        Set<UUID> seen = new HashSet<>();
        return kafka.records(
                Topics.ACCOUNTS,
                Duration.ofSeconds(60),
                r -> {
                    String id = KafkaTestClient.header(r, CloudEventHeaders.ID);
                    return id != null && ids.contains(UUID.fromString(id)) && seen.add(UUID.fromString(id));
                },
                ids.size());
    }

    @Test
    void committedEventsArePublishedInOrderPerKeyWithCloudEventHeaders() {
        List<AccountUpserted> events = publishCommitted("order", 30);
        List<ConsumerRecord<String, byte[]>> records = awaitOnTopic(ids(events));
        Set<UUID> seen = new HashSet<>();
        records.forEach(r -> seen.add(UUID.fromString(KafkaTestClient.header(r, CloudEventHeaders.ID))));
        assertEquals(ids(events), seen, "every committed event reaches Kafka");

        Map<String, List<String>> byKeyOnTopic = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            AccountUpserted e = (AccountUpserted) EventJson.fromBytes(r.value());
            List<String> names = byKeyOnTopic.computeIfAbsent(r.key(), k -> new ArrayList<>());
            if (!names.contains(e.name())) {
                names.add(e.name());
            }
            assertEquals("io.gatehouse.AccountUpserted.v1", KafkaTestClient.header(r, CloudEventHeaders.TYPE));
            assertEquals("/gatehouse/platform-test", KafkaTestClient.header(r, CloudEventHeaders.SOURCE));
            assertEquals("1.0", KafkaTestClient.header(r, CloudEventHeaders.SPEC_VERSION));
            assertEquals(e.accountId(), KafkaTestClient.header(r, CloudEventHeaders.SUBJECT));
        }
        Map<String, List<String>> expected = new HashMap<>();
        events.forEach(
                e -> expected.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.name()));
        assertEquals(expected, byKeyOnTopic, "per key, events arrive in the order they were written");
    }

    @Test
    void rolledBackEventsAreNeverPublished() {
        AccountUpserted kept = AccountUpserted.of(Instant.now(), "rollback-kept", "Kept", Plan.FREE);
        AccountUpserted dropped = AccountUpserted.of(Instant.now(), "rollback-dropped", "Dropped", Plan.FREE);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                outbox.publish(dropped);
                throw new IllegalStateException("the state change failed");
            });
            fail("expected the transaction to fail");
        } catch (IllegalStateException expected) {
            // rolled back
        }
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(kept));
        awaitOnTopic(Set.of(kept.eventId()));
        List<ConsumerRecord<String, byte[]>> all = kafka.records(Topics.ACCOUNTS, Duration.ofSeconds(2));
        assertTrue(all.stream()
                .noneMatch(r -> dropped.eventId().toString().equals(KafkaTestClient.header(r, CloudEventHeaders.ID))));
    }

    @Test
    void noEventIsLostAcrossABrokerRestartAndEachIsAppliedOnce() throws Exception {
        List<AccountUpserted> before = publishCommitted("restart-before", 20);
        Kafka.get().broker().stop();
        List<AccountUpserted> during;
        try {
            during = publishCommitted("restart-during", 40);
            Thread.sleep(1500); // the relay tries, fails, and keeps the rows
        } finally {
            Kafka.get().broker().start();
        }
        List<AccountUpserted> after = publishCommitted("restart-after", 20);
        Set<UUID> all = new HashSet<>();
        all.addAll(ids(before));
        all.addAll(ids(during));
        all.addAll(ids(after));
        List<ConsumerRecord<String, byte[]>> records = awaitOnTopic(all);
        Set<UUID> seen = new HashSet<>();
        records.forEach(r -> seen.add(UUID.fromString(KafkaTestClient.header(r, CloudEventHeaders.ID))));
        assertEquals(all, seen, "all 80 events reach Kafka despite the outage");
        for (UUID id : all) {
            await(() -> effects.applied(id) >= 1, "event " + id + " applied by the consumer");
            assertEquals(1, effects.applied(id), "event " + id + " applied exactly once");
        }
    }

    /**
     * The test-effects channel polls with an 8 s timeout (application.properties). With the connector's own
     * {@code latest} strategy an acknowledged batch's commit waited behind the idle poll in progress, so the group
     * stayed behind for up to 8 s; {@code PromptCommit} wakes the poll and the commit goes out at once.
     */
    @Test
    void anAppliedBatchIsCommittedAtOnceNotAfterTheIdlePoll() {
        AccountUpserted event = publishCommitted("prompt-commit", 1).get(0);
        await(() -> effects.applied(event.eventId()) == 1, "event applied");
        long lag = ConsumerLag.awaitCaughtUp("platform-test.test-effects", Topics.ACCOUNTS, Duration.ofSeconds(3));
        assertEquals(0, lag, "the applied batch's offsets are committed within 3 s, not after the 8 s idle poll");
    }

    /**
     * Events that trickle in, each applied in its own poll batch before the next is published (a login's event at a
     * time): the channel commits at most once per {@code PromptCommit.COMMIT_INTERVAL_MS}, not once per batch, and
     * the last one is still committed at once. The consumer's own {@code commit-total} metric counts the commits.
     */
    @Test
    void eventsThatTrickleInAreCommittedAtMostOncePerIntervalNotOncePerBatch() throws Exception {
        double before = commits();
        long start = System.nanoTime();
        int n = 20;
        for (int i = 0; i < n; i++) {
            AccountUpserted event =
                    AccountUpserted.of(Instant.now(), "trickle-" + (i % 3), "Trickle " + i, Plan.BUSINESS);
            kafka.publish(event);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (effects.applied(event.eventId()) == 0) { // finer than await's 100 ms: the batches are the point
                if (System.nanoTime() > deadline) {
                    fail("event " + i + " not applied within 30 s");
                }
                Thread.sleep(2);
            }
        }
        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(
                0,
                ConsumerLag.awaitCaughtUp("platform-test.test-effects", Topics.ACCOUNTS, Duration.ofSeconds(3)),
                "the last event's offset committed at once");
        double commits = commits() - before;
        long allowed = elapsedMs / PromptCommit.COMMIT_INTERVAL_MS + 2;
        assertTrue(
                commits >= 1 && commits <= allowed,
                commits + " commits for " + n + " batches in " + elapsedMs + " ms; at most " + allowed + " expected");
    }

    /**
     * Events committed one transaction at a time, every few milliseconds (a login's event at a time): the relay sends
     * them in at most one pass per {@code gatehouse.outbox.batch-interval} (200 ms in these tests, so that a pass of a
     * cold JVM, tens of milliseconds, cannot batch as much by itself), not one pass per commit (ADR 0030). A pass
     * marks all of its rows sent with one timestamp, so the distinct {@code sent_at} values count the passes.
     */
    @Test
    void eventsCommittedOneByOneAreRelayedInAtMostOnePassPerBatchInterval() throws Exception {
        List<AccountUpserted> events = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 60; i++) {
            events.add(publishCommitted("relay-trickle-" + i, 1).get(0));
            Thread.sleep(10);
        }
        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        awaitOnTopic(ids(events));
        UUID[] ids = ids(events).toArray(UUID[]::new);
        await(() -> outboxRows(ids, "count(*) FILTER (WHERE sent_at IS NOT NULL)") == ids.length, "rows marked sent");
        long passes = outboxRows(ids, "count(DISTINCT sent_at)");
        long allowed = elapsedMs / platformConfig.outbox().batchInterval().toMillis() + 3;
        assertTrue(
                passes >= 1 && passes <= allowed,
                passes + " relay passes for " + ids.length + " commits in " + elapsedMs + " ms; at most " + allowed
                        + " expected");
    }

    private long outboxRows(UUID[] ids, String aggregate) {
        try (java.sql.Connection c = dataSource.getConnection();
                java.sql.PreparedStatement ps =
                        c.prepareStatement("SELECT " + aggregate + " FROM gh_outbox WHERE event_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Offset commits the test-effects channel's consumer has completed (Kafka's consumer-coordinator-metrics). */
    private double commits() {
        return meters.find("kafka.consumer.coordinator.commit.total").functionCounters().stream()
                .filter(c -> String.valueOf(c.getId().getTag("client.id")).contains("test-effects"))
                .mapToDouble(io.micrometer.core.instrument.FunctionCounter::count)
                .sum();
    }

    @Test
    void withACommitAndAWakeUpPerBatchEveryEventOfABurstIsAppliedOnceAndCommitted() {
        List<AccountUpserted> burst = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            burst.addAll(publishCommitted("burst-" + i, 100));
        }
        for (AccountUpserted e : burst) {
            await(() -> effects.applied(e.eventId()) >= 1, "event " + e.eventId() + " applied");
            assertEquals(1, effects.applied(e.eventId()), "event " + e.eventId() + " applied exactly once");
        }
        assertEquals(
                0,
                ConsumerLag.awaitCaughtUp("platform-test.test-effects", Topics.ACCOUNTS, Duration.ofSeconds(30)),
                "every offset committed");
    }

    /**
     * {@code gatehouse_events_batch_size{consumer}} counts the poll batches a consumer applied and the records in
     * them: a burst relayed in one pass arrives in batches of many records, and every record is counted once.
     */
    @Test
    void eachConsumerReportsHowManyRecordsItsPollBatchesHeld() {
        double[] before = batchSize();
        List<AccountUpserted> burst = publishCommitted("batch-size", 100);
        for (AccountUpserted e : burst) {
            await(() -> effects.applied(e.eventId()) >= 1, "event " + e.eventId() + " applied");
        }
        double batches = batchSize()[0] - before[0];
        double records = batchSize()[1] - before[1];
        assertTrue(records >= 100, records + " records counted for a burst of 100");
        assertTrue(
                batches >= 1 && batches <= records / 2,
                batches + " batches for " + records + " records: a burst relayed at once is polled in batches of many");
    }

    /** The test-effects consumer's batches and records so far (none before its first batch). */
    private double[] batchSize() {
        io.micrometer.core.instrument.DistributionSummary s = meters.find("gatehouse.events.batch.size")
                .tag("consumer", "platform-test.test-effects")
                .summary();
        return s == null ? new double[] {0, 0} : new double[] {s.count(), s.totalAmount()};
    }

    @Test
    void aRedeliveredEventHasExactlyOneEffect() {
        AccountUpserted event = AccountUpserted.of(Instant.now(), "redelivered", "Twice", Plan.STANDARD);
        kafka.publish(event);
        kafka.publish(event);
        AccountUpserted marker = AccountUpserted.of(Instant.now(), "redelivered", "After", Plan.STANDARD);
        kafka.publish(marker);
        await(() -> effects.applied(marker.eventId()) == 1, "marker applied");
        assertEquals(1, effects.applied(event.eventId()));
    }

    @Test
    void theHandlerIsToldEachBatchBeforeHandlingItWithoutAlreadyProcessedEvents() {
        AccountUpserted event = AccountUpserted.of(Instant.now(), "announced", "Twice", Plan.STANDARD);
        kafka.publish(event);
        AccountUpserted marker = AccountUpserted.of(Instant.now(), "announced", "Marker", Plan.STANDARD);
        await(() -> effects.applied(event.eventId()) == 1, "first delivery applied");
        kafka.publish(event);
        kafka.publish(marker);
        await(() -> effects.applied(marker.eventId()) == 1, "marker applied");
        assertEquals(1, effects.announced(event.eventId()), "a redelivered, already processed event is not announced");
        assertEquals(1, effects.announced(marker.eventId()));
        assertEquals(Set.of(), effects.handledWithoutAnnouncement(), "every handled event was announced first");
    }

    @Test
    void aBatchRefusedBeforeHandlingFallsBackToOneByOneAndOnlyTheCulpritIsDeadLettered() {
        AccountUpserted refused = AccountUpserted.of(Instant.now(), "poison-batch", "Refused", Plan.FREE);
        AccountUpserted good = AccountUpserted.of(Instant.now(), "beside-poison-batch", "Fine", Plan.FREE);
        kafka.publish(refused);
        kafka.publish(good);
        await(() -> effects.applied(good.eventId()) == 1, "the other event is applied");
        List<ConsumerRecord<String, byte[]>> dlq = kafka.records(
                Topics.deadLetter(Topics.ACCOUNTS),
                Duration.ofSeconds(30),
                r -> refused.eventId().toString().equals(KafkaTestClient.header(r, CloudEventHeaders.ID)),
                1);
        assertEquals(1, dlq.size());
        assertTrue(KafkaTestClient.header(dlq.get(0), "dlq_error").contains("batch refused"));
        assertEquals(0, effects.applied(refused.eventId()));
    }

    @Test
    void poisonAndFailingMessagesGoToTheDeadLetterTopicAndConsumptionGoesOn() {
        byte[] garbage = ("not an event " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        kafka.publishRaw(Topics.ACCOUNTS, "poison-raw", garbage);
        AccountUpserted refused = AccountUpserted.of(Instant.now(), "poison", "Refused", Plan.FREE);
        kafka.publish(refused);
        AccountUpserted good = AccountUpserted.of(Instant.now(), "after-poison", "Fine", Plan.FREE);
        kafka.publish(good);

        await(() -> effects.applied(good.eventId()) == 1, "the consumer goes on after poison");
        List<ConsumerRecord<String, byte[]>> dlq = kafka.records(
                Topics.deadLetter(Topics.ACCOUNTS),
                Duration.ofSeconds(30),
                r -> java.util.Arrays.equals(r.value(), garbage)
                        || refused.eventId().toString().equals(KafkaTestClient.header(r, CloudEventHeaders.ID)),
                2);
        assertEquals(2, dlq.size(), "both the unreadable and the refused message are dead-lettered");
        dlq.forEach(r -> assertTrue(KafkaTestClient.header(r, "dlq_error") != null));
        assertEquals(0, effects.applied(refused.eventId()));
    }

    @Test
    void errorsAreProblemJsonWithStableCodes() {
        given().get("/test/conflict")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("domain_not_verified"))
                .body("status", equalTo(409))
                .body("type", equalTo("urn:gatehouse:problem:domain_not_verified"));
        given().contentType("application/json")
                .body("{\"name\":")
                .post("/test/body")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("malformed_json"));
        given().contentType("application/json")
                .body("{\"name\":\"x\",\"count\":\"many\"}")
                .post("/test/body")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_body"))
                .body("detail", containsString("count"));
        given().get("/test/nowhere")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not_found"));
        given().delete("/test/conflict").then().statusCode(405).body("code", equalTo("method_not_allowed"));
        given().contentType("text/plain")
                .body("x")
                .post("/test/body")
                .then()
                .statusCode(415)
                .body("code", equalTo("unsupported_media_type"));
        given().get("/test/boom")
                .then()
                .statusCode(500)
                .body("code", equalTo("internal_error"))
                .body(not(containsString("secret internals")))
                .body(not(containsString("Exception")));
    }

    @Test
    void callersAreTheOperatorOrAnAccountAdminWithAValidRs256Token() {
        given().get("/test/operator").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().auth().oauth2("wrong").get("/test/operator").then().statusCode(401);
        given().auth()
                .oauth2("test-operator-token")
                .get("/test/operator")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2("test-operator-token")
                .get("/test/accounts/acme/admin")
                .then()
                .statusCode(200)
                .body("actor", equalTo("operator"));

        String admin = TestKeys.jwt(TestKeys.KEY, "acme", "ADMIN", 300, AlgorithmIdentifiers.RSA_USING_SHA256);
        given().auth()
                .oauth2(admin)
                .get("/test/accounts/acme/admin")
                .then()
                .statusCode(200)
                .body("actor", equalTo("user:u-1"));
        given().auth()
                .oauth2(admin)
                .get("/test/accounts/other/admin")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        given().auth().oauth2(admin).get("/test/operator").then().statusCode(403);

        String agent = TestKeys.jwt(TestKeys.KEY, "acme", "AGENT", 300, AlgorithmIdentifiers.RSA_USING_SHA256);
        given().auth().oauth2(agent).get("/test/accounts/acme/admin").then().statusCode(403);

        String forged = TestKeys.jwt(TestKeys.OTHER_KEY, "acme", "ADMIN", 300, AlgorithmIdentifiers.RSA_USING_SHA256);
        given().auth().oauth2(forged).get("/test/accounts/acme/admin").then().statusCode(401);
        String none = TestKeys.jwt(TestKeys.KEY, "acme", "ADMIN", 300, AlgorithmIdentifiers.NONE);
        given().auth().oauth2(none).get("/test/accounts/acme/admin").then().statusCode(401);
        String expired = TestKeys.jwt(TestKeys.KEY, "acme", "ADMIN", -600, AlgorithmIdentifiers.RSA_USING_SHA256);
        given().auth().oauth2(expired).get("/test/accounts/acme/admin").then().statusCode(401);
        // gatehouse.auth.clock-skew: 30 s by default, so a token (issued a minute ago) 5 s past its exp still passes
        String justExpired = TestKeys.jwt(
                TestKeys.KEY,
                "acme",
                "u-1",
                "ADMIN",
                java.time.Instant.now().minusSeconds(60),
                -5,
                AlgorithmIdentifiers.RSA_USING_SHA256);
        given().auth()
                .oauth2(justExpired)
                .get("/test/accounts/acme/admin")
                .then()
                .statusCode(200);
        String tampered =
                admin.substring(0, admin.lastIndexOf('.') - 4) + "AAAA" + admin.substring(admin.lastIndexOf('.'));
        given().auth().oauth2(tampered).get("/test/accounts/acme/admin").then().statusCode(401);
    }

    static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(condition::getAsBoolean);
    }
}
