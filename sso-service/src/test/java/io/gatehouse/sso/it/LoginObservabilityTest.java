package io.gatehouse.sso.it;

import static io.gatehouse.sso.it.Fixture.await;
import static io.gatehouse.sso.it.Fixture.domainFor;
import static io.gatehouse.sso.it.Fixture.readyAccount;
import static io.gatehouse.sso.it.SamlFlows.responseFor;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.CloudEventHeaders;
import io.gatehouse.events.EventJson;
import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.RevocationReason;
import io.gatehouse.events.Role;
import io.gatehouse.events.RoleProvenance;
import io.gatehouse.events.Topics;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.events.UserRevoked;
import io.gatehouse.sso.saml.TestKeys;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.TraceIds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A login is counted by result code and timed (histogram) on {@code /q/metrics}, and LoginSucceeded carries the
 * trace of the ACS request; sessions ended by a revocation are counted.
 */
@QuarkusTest
class LoginObservabilityTest {
    private static final String SUCCESS = "gatehouse_sso_logins_total{result=\"success\"}";
    private static final String REVOKED_SESSIONS = "gatehouse_sso_sessions_revoked_total";

    @Test
    void aLoginIsCountedTimedAndTracedIntoLoginSucceeded() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        String email = "obs-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(accountId);
        double before = value(SUCCESS);

        String traceId = TraceIds.traceId();
        Response acs = given().redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .header("traceparent", TraceIds.traceParent(traceId, TraceIds.spanId()))
                .formParam("SAMLResponse", responseFor(accountId, email).base64())
                .post("/saml/{a}/acs", accountId);
        acs.then().statusCode(303);

        assertEquals(1.0, value(SUCCESS) - before, "the login is counted as success");
        assertTrue(metrics().contains("gatehouse_sso_acs_latency_seconds_bucket{"), "ACS latency is a histogram");

        List<ConsumerRecord<String, byte[]>> records = Fixture.kafka()
                .records(
                        Topics.SSO_LOGINS,
                        Duration.ofSeconds(30),
                        r -> EventJson.fromBytes(r.value()) instanceof LoginSucceeded s && email.equals(s.email()),
                        1);
        assertEquals(1, records.size(), "LoginSucceeded reaches the topic");
        assertNotNull(KafkaTestClient.header(records.get(0), CloudEventHeaders.ID));
        String traceParent = KafkaTestClient.header(records.get(0), "traceparent");
        assertNotNull(traceParent, "LoginSucceeded carries a traceparent");
        assertEquals(traceId, TraceIds.traceIdOf(traceParent), "LoginSucceeded is in the ACS request's trace");
    }

    @Test
    void sessionsEndedByARevocationAreCounted() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        String email = "rev-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(accountId);
        String cookie = Fixture.postAcs(accountId, responseFor(accountId, email).base64(), null)
                .getCookie("GH_SESSION");
        assertNotNull(cookie);
        String userId = "user-" + UUID.randomUUID();
        Fixture.publish(UserProvisioned.of(
                Instant.now(), accountId, userId, email, "Jane", "Doe", Role.AGENT, RoleProvenance.DEFAULT, "SSO"));
        await(
                "user provisioned",
                Duration.ofSeconds(30),
                () -> userId.equals(
                        given().cookie("GH_SESSION", cookie).get("/api/session").path("userId")));
        double before = value(REVOKED_SESSIONS);

        Fixture.publish(UserRevoked.of(Instant.now(), accountId, userId, email, RevocationReason.REMOVED_FROM_GROUP));
        await(
                "session ended",
                Duration.ofSeconds(30),
                () -> given().cookie("GH_SESSION", cookie).get("/api/session").statusCode() == 401);
        await("counted", Duration.ofSeconds(10), () -> value(REVOKED_SESSIONS) - before == 1.0);
    }

    private static String metrics() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The series' value (0 before it exists); an exemplar may follow the value. */
    private static double value(String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)", Pattern.MULTILINE)
                .matcher(metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
