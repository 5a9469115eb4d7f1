package io.gatehouse.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gatehouse.events.AccountUpserted;
import io.gatehouse.events.CloudEventHeaders;
import io.gatehouse.events.EventJson;
import io.gatehouse.events.Plan;
import io.gatehouse.events.Topics;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.testsupport.TraceIds;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traces follow events through Kafka: a consumed record's {@code traceparent} becomes the parent of the
 * consumer's span, and what the handler publishes through the outbox carries the same trace onward; an HTTP
 * request's trace reaches the events it writes. Spans are read from an in-memory exporter.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "platform"))
@QuarkusTestResource(KafkaResource.class)
class TracingTest {
    private static final String RELAY_GROUP = "platform-test.trace-relay";
    private static final String LAG = "kafka.consumer.fetch.manager.records.lag";
    static KafkaTestClient kafka;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    MeterRegistry meters;

    @BeforeAll
    static void clients() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void aConsumedRecordIsProcessedInItsTraceAndWhatTheHandlerPublishesCarriesItOn() throws Exception {
        String traceId = TraceIds.traceId();
        String parentSpanId = TraceIds.spanId();
        AccountUpserted in =
                AccountUpserted.of(Instant.now(), "trace-" + TraceIds.hex(4), TraceRelay.RELAY, Plan.BUSINESS);
        kafka.publish(TraceRelay.TOPIC, in, TraceIds.traceParent(traceId, parentSpanId));

        SpanData consumer = awaitSpan(in.eventId().toString(), RELAY_GROUP);
        assertEquals(SpanKind.CONSUMER, consumer.getKind());
        assertEquals(TraceRelay.TOPIC + " process", consumer.getName());
        assertEquals(traceId, consumer.getTraceId(), "the consumer span is in the record's trace");
        assertEquals(parentSpanId, consumer.getParentSpanId(), "its parent is the producer's span");
        assertTrue(consumer.getParentSpanContext().isRemote());
        assertEquals(StatusCode.UNSET, consumer.getStatus().getStatusCode());

        String onward = traceParentOfRelayed(in.accountId());
        assertEquals(
                "00-" + traceId + "-" + consumer.getSpanId() + "-01",
                onward,
                "the handler's event continues the trace from the consumer span");
    }

    @Test
    void aRecordWithoutTraceparentStartsANewTraceThatStillFollowsItsEvents() throws Exception {
        AccountUpserted in = AccountUpserted.of(Instant.now(), "trace-" + TraceIds.hex(4), TraceRelay.RELAY, Plan.FREE);
        kafka.publish(TraceRelay.TOPIC, in, null);

        SpanData consumer = awaitSpan(in.eventId().toString(), RELAY_GROUP);
        assertFalse(consumer.getParentSpanContext().isValid(), "a root span");
        String onward = traceParentOfRelayed(in.accountId());
        assertEquals("00-" + consumer.getTraceId() + "-" + consumer.getSpanId() + "-01", onward);
    }

    @Test
    void anHttpRequestsTraceReachesTheEventsItWrites() {
        String traceId = TraceIds.traceId();
        String account = "trace-http-" + TraceIds.hex(4);
        String eventId = given().header("traceparent", TraceIds.traceParent(traceId, TraceIds.spanId()))
                .post("/test-trace/accounts/" + account)
                .then()
                .statusCode(200)
                .extract()
                .asString();

        ConsumerRecord<String, byte[]> record = kafka.records(
                        Topics.ACCOUNTS,
                        Duration.ofSeconds(60),
                        r -> eventId.equals(KafkaTestClient.header(r, CloudEventHeaders.ID)),
                        1)
                .get(0);
        String traceParent = KafkaTestClient.header(record, "traceparent");
        assertNotNull(traceParent, "the relay sends the traceparent header");
        assertEquals(traceId, TraceIds.traceIdOf(traceParent), "the event is in the request's trace");
        SpanData server =
                awaitSpan(s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(traceId));
        assertEquals(server.getSpanId(), TraceIds.spanIdOf(traceParent), "its parent is the request's server span");
    }

    @Test
    void aFailingRecordsSpanIsMarkedWithTheErrorTypeOnly() {
        AccountUpserted poison = AccountUpserted.of(Instant.now(), "poison", "Refused " + TraceIds.hex(4), Plan.FREE);
        kafka.publish(poison);
        SpanData failed = awaitSpan(s -> poison.eventId().toString().equals(messageId(s))
                && s.getStatus().getStatusCode() == StatusCode.ERROR);
        assertEquals(
                IllegalArgumentException.class.getName(),
                failed.getAttributes().asMap().entrySet().stream()
                        .filter(e -> e.getKey().getKey().equals("error.type"))
                        .findFirst()
                        .orElseThrow()
                        .getValue());
        assertTrue(failed.getEvents().isEmpty(), "no exception message or stack trace is exported");
    }

    @Test
    void eachConsumerReportsItsLagPerAssignedPartition() {
        // the Kafka client's own metric, bound to Micrometer for every channel's consumer
        kafka.publish(
                TraceRelay.TOPIC, AccountUpserted.of(Instant.now(), "lag-" + TraceIds.hex(4), "Lag", Plan.FREE), null);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            // Kafka's client writes dots in topic names as underscores in its metric tags
            Optional<Gauge> gauge = meters.find(LAG).gauges().stream()
                    .filter(g -> TraceRelay.TOPIC.equals(g.getId().getTag("topic"))
                            || TraceRelay.TOPIC
                                    .replace('.', '_')
                                    .equals(g.getId().getTag("topic")))
                    .filter(g -> String.valueOf(g.getId().getTag("client.id")).contains("trace-relay"))
                    .findFirst();
            if (gauge.isPresent() && gauge.get().value() == 0.0) {
                assertNotNull(gauge.get().getId().getTag("partition"));
                return;
            }
            sleep(100);
        }
        fail("no caught-up " + LAG + " gauge for the trace-relay channel: "
                + meters.find(LAG).gauges().stream()
                        .map(g -> g.getId() + "=" + g.value())
                        .toList());
    }

    /** The traceparent header of the "relayed" event the handler published for the account. */
    private String traceParentOfRelayed(String accountId) {
        List<ConsumerRecord<String, byte[]>> out = kafka.records(
                Topics.ACCOUNTS,
                Duration.ofSeconds(60),
                r -> {
                    try {
                        return EventJson.fromBytes(r.value()) instanceof AccountUpserted e
                                && e.accountId().equals(accountId)
                                && TraceRelay.RELAYED.equals(e.name());
                    } catch (EventJson.InvalidEventException notAnEvent) {
                        return false; // the other tests' poison
                    }
                },
                1);
        assertEquals(1, out.size(), "the handler's event reaches Kafka");
        String traceParent = KafkaTestClient.header(out.get(0), "traceparent");
        assertNotNull(traceParent, "the handler's event carries a traceparent");
        return traceParent;
    }

    private SpanData awaitSpan(String messageId, String group) {
        SpanData span = awaitSpan(
                s -> messageId.equals(messageId(s)) && group.equals(attribute(s, "messaging.consumer.group.name")));
        assertNotEquals(null, span);
        return span;
    }

    private SpanData awaitSpan(java.util.function.Predicate<SpanData> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SpanData> found =
                    spans.getFinishedSpanItems().stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            sleep(100);
        }
        fail("no such span among " + spans.getFinishedSpanItems().size() + " finished spans");
        return null;
    }

    private static String messageId(SpanData s) {
        return attribute(s, "messaging.message.id");
    }

    private static String attribute(SpanData s, String key) {
        return s.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals(key))
                .map(e -> String.valueOf(e.getValue()))
                .findFirst()
                .orElse(null);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
