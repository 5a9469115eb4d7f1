package io.gatehouse.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.CloudEventHeaders;
import io.gatehouse.events.EventJson;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.Topics;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.testsupport.SimulatorResource;
import io.gatehouse.testsupport.TraceIds;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A sync is measured on {@code /q/metrics} (runs by status and trigger, duration histogram, changes by kind), and
 * the membership events it emits carry the trace of the request that ran it, so a revocation can be followed from
 * directory-service on.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "directory"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(SimulatorResource.class)
class SyncObservabilityTest {

    @Test
    void aSyncIsCountedTimedAndTracedIntoItsEvents() {
        String tag = Sim.unique("obs");
        String app = Sim.app(tag, null);
        String alice = Sim.user(tag + "-alice@acme.test", "Alice", "A");
        String bob = Sim.user(tag + "-bob@acme.test", "Bob", "B");
        String group = Sim.group(tag + " Team", alice, bob);
        Sim.bind(app, group);
        String account = Api.newAccount("obs");
        Api.putConnection(account, ReconciliationTest.connection(app, Map.of(), 1.0, 1000));

        String applied = "gatehouse_directory_sync_runs_total{status=\"APPLIED\",trigger=\"MANUAL\"}";
        String grants = "gatehouse_directory_sync_changes_total{kind=\"grant\"}";
        String revokes = "gatehouse_directory_sync_changes_total{kind=\"revoke\"}";
        Map<String, Double> before = scrape(applied, grants, revokes);

        String grantTrace = TraceIds.traceId();
        syncTraced(account, grantTrace);
        Sim.removeMember(group, bob);
        String revokeTrace = TraceIds.traceId();
        syncTraced(account, revokeTrace);

        Map<String, Double> after = scrape(applied, grants, revokes);
        assertEquals(2.0, after.get(applied) - before.get(applied), "two APPLIED manual runs counted");
        assertEquals(2.0, after.get(grants) - before.get(grants), "two grants counted");
        assertEquals(1.0, after.get(revokes) - before.get(revokes), "one revocation counted");
        String metrics =
                RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(
                metrics.contains("gatehouse_directory_sync_duration_seconds_bucket{"),
                "the sync duration is a histogram");

        assertEquals(
                grantTrace,
                traceId(record(account, MemberGranted.TYPE, tag + "-alice@acme.test")),
                "MemberGranted is in the trace of the sync request");
        assertEquals(
                revokeTrace,
                traceId(record(account, MemberRevoked.TYPE, tag + "-bob@acme.test")),
                "MemberRevoked is in the trace of the sync request");
    }

    private static void syncTraced(String account, String traceId) {
        Api.operator()
                .header("traceparent", TraceIds.traceParent(traceId, TraceIds.spanId()))
                .post("/api/accounts/{id}/directory/sync?wait=true", account)
                .then()
                .statusCode(200);
    }

    /** The current values of the series (0 for one not exported yet). */
    private static Map<String, Double> scrape(String... series) {
        String body =
                RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> values = new java.util.HashMap<>();
        for (String s : series) {
            // a value may be followed by an exemplar ("# {span_id=…,trace_id=…} …"): metrics link to traces
            Matcher m = Pattern.compile("^" + Pattern.quote(s) + " (\\S+)", Pattern.MULTILINE)
                    .matcher(body);
            values.put(s, m.find() ? Double.parseDouble(m.group(1)) : 0.0);
        }
        return values;
    }

    private static ConsumerRecord<String, byte[]> record(String account, String type, String email) {
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            List<ConsumerRecord<String, byte[]>> found = kafka.records(
                    Topics.DIRECTORY_MEMBERS,
                    Duration.ofSeconds(30),
                    r -> {
                        GatehouseEvent e = EventJson.fromBytes(r.value());
                        return e.accountId().equals(account)
                                && e.eventType().equals(type)
                                && email.equals(
                                        e instanceof MemberGranted g
                                                ? g.email()
                                                : e instanceof MemberRevoked v ? v.email() : null);
                    },
                    1);
            assertEquals(1, found.size(), type + " for " + email);
            assertNotNull(KafkaTestClient.header(found.get(0), CloudEventHeaders.ID));
            return found.get(0);
        }
    }

    private static String traceId(ConsumerRecord<String, byte[]> record) {
        String traceParent = KafkaTestClient.header(record, "traceparent");
        assertNotNull(traceParent, "the event carries a traceparent");
        return TraceIds.traceIdOf(traceParent);
    }
}
