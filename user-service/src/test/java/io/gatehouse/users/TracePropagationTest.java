package io.gatehouse.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.events.EventJson;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.LoginFlow;
import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.RevocationReason;
import io.gatehouse.events.Role;
import io.gatehouse.events.Topics;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.events.UserRevoked;
import io.gatehouse.events.UserRoleChanged;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.testsupport.TraceIds;
import io.gatehouse.users.support.Api;
import io.gatehouse.users.support.AuthResource;
import io.gatehouse.users.support.Eventually;
import io.gatehouse.users.support.Tokens;
import io.gatehouse.users.support.UserTopic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traces follow a login and a revocation through user-service: the event user-service publishes in answer to a
 * consumed event carries the consumed event's trace, and an API call's trace reaches the events it causes. The
 * consumers' lag is on {@code /q/metrics}.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "users"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(AuthResource.class)
class TracePropagationTest {
    private static final String ACCOUNT = "tracing";
    private static KafkaTestClient kafka;

    @BeforeAll
    static void setUp() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    @Test
    void aLoginAndARevocationKeepTheirTraceIntoUserEvents() {
        Api.createAccount(ACCOUNT);
        String email = "trace-" + TraceIds.hex(3) + "@tracing.test";

        String loginTrace = TraceIds.traceId();
        String loginSpan = TraceIds.spanId();
        publish(login(email, "Tracy", "Spanner"), TraceIds.traceParent(loginTrace, loginSpan));
        Map<String, Object> user = Eventually.get(() -> Api.userByEmail(ACCOUNT, email), u -> u != null);
        assertThat(user).as("provisioned from the login").isNotNull();
        String userId = (String) user.get("id");

        String provisioned = traceParentOf(userId, UserProvisioned.TYPE);
        assertThat(TraceIds.traceIdOf(provisioned))
                .as("UserProvisioned is in the login's trace")
                .isEqualTo(loginTrace);
        assertThat(TraceIds.spanIdOf(provisioned))
                .as("its parent is user-service's consumer span, not sso-service's span")
                .isNotEqualTo(loginSpan);

        String revocationTrace = TraceIds.traceId();
        publish(
                MemberRevoked.of(
                        Instant.now(),
                        ACCOUNT,
                        "jc-" + userId,
                        email,
                        RevocationReason.REMOVED_FROM_GROUP,
                        MemberSource.SCIM),
                TraceIds.traceParent(revocationTrace, TraceIds.spanId()));
        assertThat(TraceIds.traceIdOf(traceParentOf(userId, UserRevoked.TYPE)))
                .as("UserRevoked is in the revocation's trace")
                .isEqualTo(revocationTrace);
    }

    @Test
    void anApiCallsTraceReachesTheEventsItCauses() {
        Api.createAccount(ACCOUNT);
        String email = "api-" + TraceIds.hex(3) + "@tracing.test";
        publish(login(email, "Api", "Caller"), null);
        Map<String, Object> user = Eventually.get(() -> Api.userByEmail(ACCOUNT, email), u -> u != null);
        assertThat(user).isNotNull();
        String userId = (String) user.get("id");

        String apiTrace = TraceIds.traceId();
        Api.as(Tokens.admin(ACCOUNT))
                .header("traceparent", TraceIds.traceParent(apiTrace, TraceIds.spanId()))
                .body(Map.of("role", "SUPERVISOR"))
                .put("/api/accounts/{a}/users/{u}/role", ACCOUNT, userId)
                .then()
                .statusCode(200);
        assertThat(TraceIds.traceIdOf(traceParentOf(userId, UserRoleChanged.TYPE)))
                .isEqualTo(apiTrace);
    }

    @Test
    void consumerLagIsOnTheMetricsEndpointPerTopicAndPartition() {
        // the Kafka client's own records-lag metric, bound to Micrometer for each channel's consumer
        Pattern lag = Pattern.compile("^kafka_consumer_fetch_manager_records_lag\\{([^}]*)} (\\S+)", Pattern.MULTILINE);
        String[] last = {""};
        boolean found = Eventually.get(
                () -> {
                    last[0] = RestAssured.get("/q/metrics")
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString();
                    Matcher m = lag.matcher(last[0]);
                    while (m.find()) {
                        String labels = m.group(1);
                        if (labels.contains("client_id=\"kafka-consumer-logins")
                                // Kafka's client writes dots in topic names as underscores in its metric tags
                                && (labels.contains("topic=\"" + Topics.SSO_LOGINS + "\"")
                                        || labels.contains("topic=\"" + Topics.SSO_LOGINS.replace('.', '_') + "\""))
                                && labels.contains("partition=\"")
                                && Double.parseDouble(m.group(2)) >= 0) {
                            return true;
                        }
                    }
                    return false;
                },
                Boolean::booleanValue,
                // Micrometer's Kafka binder looks for new client metrics (a partition's lag appears after its first
                // fetch) once a minute
                Duration.ofSeconds(90));
        assertThat(found)
                .as(
                        "a kafka_consumer_fetch_manager_records_lag series for the logins consumer in:\n%s",
                        last[0].lines()
                                .filter(l -> l.startsWith("kafka_consumer_fetch_manager_records_lag"))
                                .toList())
                .isTrue();
    }

    /**
     * The consumers' records per poll batch are on {@code /q/metrics} under the names the operators' docs and the
     * side-by-side benchmark read: {@code gatehouse_events_batch_size_count} / {@code _sum} by consumer.
     */
    @Test
    void recordsPerPollBatchAreOnTheMetricsEndpointPerConsumer() {
        Api.createAccount(ACCOUNT);
        String email = "batch-" + TraceIds.hex(3) + "@tracing.test";
        publish(login(email, "Bea", "Batch"), null);
        assertThat(Eventually.get(() -> Api.userByEmail(ACCOUNT, email), u -> u != null))
                .isNotNull();
        String metrics =
                RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        for (String series : List.of("_count", "_sum")) {
            Matcher m = Pattern.compile(
                            "^gatehouse_events_batch_size" + series
                                    + "\\{[^}]*consumer=\"user-service\\.logins\"[^}]*} (\\S+)$",
                            Pattern.MULTILINE)
                    .matcher(metrics);
            assertThat(m.find())
                    .as(
                            "gatehouse_events_batch_size%s for user-service.logins in:%n%s",
                            series,
                            metrics.lines()
                                    .filter(l -> l.startsWith("gatehouse_events"))
                                    .toList())
                    .isTrue();
            assertThat(Double.parseDouble(m.group(1))).as(series).isGreaterThanOrEqualTo(1);
        }
    }

    /** A first SP-initiated login of {@code email} in the test account, as sso-service publishes it. */
    private static LoginSucceeded login(String email, String firstName, String lastName) {
        return LoginSucceeded.of(
                Instant.now(),
                ACCOUNT,
                email,
                email,
                firstName,
                lastName,
                "jumpcloud",
                LoginFlow.SP_INITIATED,
                Role.AGENT);
    }

    private static void publish(GatehouseEvent event, String traceParent) {
        kafka.publish(event.topic(), event, traceParent);
    }

    /** The traceparent header of the user's first event of this type on gatehouse.users.v1. */
    private static String traceParentOf(String userId, String type) {
        List<ConsumerRecord<String, byte[]>> records = kafka.records(
                Topics.USERS,
                Duration.ofSeconds(60),
                r -> {
                    GatehouseEvent e = EventJson.fromBytes(r.value());
                    return type.equals(e.eventType()) && userId.equals(UserTopic.userId(e));
                },
                1);
        assertThat(records).as("%s of %s on %s", type, userId, Topics.USERS).isNotEmpty();
        String traceParent = KafkaTestClient.header(records.get(0), "traceparent");
        assertThat(traceParent).as("traceparent of %s", type).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        return traceParent;
    }
}
