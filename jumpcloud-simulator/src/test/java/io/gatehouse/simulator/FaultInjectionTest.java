package io.gatehouse.simulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each injected fault is observable on the matching API requests, for the configured number of requests. */
@QuarkusTest
class FaultInjectionTest {

    private String group;

    @BeforeEach
    void setUp() {
        Sim.reset();
        String[] users = new String[12];
        for (int i = 0; i < users.length; i++) {
            users[i] = Sim.user("u" + i + "@acme.test", "U", "" + i);
        }
        group = Sim.group("All", users);
    }

    private static String fault(Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/sim/faults")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void rateLimitWithAndWithoutRetryAfter() {
        fault(Map.of("type", "RATE_LIMIT", "pathPrefix", "/api/v2/usergroups", "count", 1, "retryAfterSeconds", 2));
        fault(Map.of("type", "RATE_LIMIT", "pathPrefix", "/api/v2/usergroups", "count", 1));
        Sim.api().get("/api/systemusers").then().statusCode(200);
        Sim.api()
                .get("/api/v2/usergroups")
                .then()
                .statusCode(429)
                .header("Retry-After", "2")
                .body("message", equalTo("Too Many Requests"));
        var second = Sim.api().get("/api/v2/usergroups").then().statusCode(429).extract();
        assertTrue(second.header("Retry-After") == null);
        Sim.api().get("/api/v2/usergroups").then().statusCode(200);
    }

    @Test
    void unavailableAffectsExactlyCountRequests() {
        fault(Map.of("type", "UNAVAILABLE", "count", 2));
        given().get("/sim/faults").then().body("[0].remaining", equalTo(2)).body("[0].status", equalTo(503));
        Sim.api().get("/api/systemusers").then().statusCode(503);
        Sim.api().get("/api/v2/usergroups").then().statusCode(503);
        Sim.api().get("/api/v2/usergroups").then().statusCode(200);
        fault(Map.of("type", "UNAVAILABLE", "status", 502));
        Sim.api().get("/api/v2/usergroups").then().statusCode(502);
        given().contentType(ContentType.JSON)
                .body(Map.of("type", "UNAVAILABLE", "status", 404))
                .post("/sim/faults")
                .then()
                .statusCode(400);
    }

    @Test
    void faultsDoNotConsumeUnauthenticatedRequests() {
        fault(Map.of("type", "UNAVAILABLE"));
        given().get("/api/systemusers").then().statusCode(401);
        Sim.api().get("/api/systemusers").then().statusCode(503);
    }

    @Test
    void slowResponsesAreDelayedButCorrect() {
        fault(Map.of("type", "SLOW", "delayMillis", 1500, "pathPrefix", "/api/v2/usergroups/" + group));
        long started = System.nanoTime();
        Sim.api()
                .get("/api/v2/usergroups/" + group + "/membership")
                .then()
                .statusCode(200)
                .body("$", hasSize(10));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMillis >= 1500, "the delay is a lower bound: " + elapsedMillis);
        given().get("/sim/faults").then().body("$", hasSize(0));
    }

    @Test
    void shortPageDropsItemsButKeepsTheTotal() {
        fault(Map.of(
                "type", "SHORT_PAGE", "dropItems", 3, "pathPrefix", "/api/v2/usergroups/" + group + "/membership"));
        Sim.api()
                .get("/api/v2/usergroups/" + group + "/membership")
                .then()
                .statusCode(200)
                .header("X-Total-Count", "12")
                .body("$", hasSize(7));
        Sim.api().get("/api/v2/usergroups/" + group + "/membership").then().body("$", hasSize(10));
        fault(Map.of("type", "SHORT_PAGE", "pathPrefix", "/api/systemusers"));
        Sim.api().get("/api/systemusers").then().body("results", hasSize(5)).body("totalCount", equalTo(12));
    }

    @Test
    void wrongTotalCountOnV1AndV2() {
        fault(Map.of("type", "WRONG_TOTAL", "totalCountDelta", -4, "pathPrefix", "/api/systemusers"));
        Sim.api().get("/api/systemusers").then().body("totalCount", equalTo(8)).body("results", hasSize(10));
        Sim.api().get("/api/systemusers").then().body("totalCount", equalTo(12));
        fault(Map.of("type", "WRONG_TOTAL", "pathPrefix", "/api/v2/usergroups/" + group + "/members"));
        Sim.api().get("/api/v2/usergroups/" + group + "/members").then().header("X-Total-Count", "13");
    }

    @Test
    void clearingRemovesEveryFault() {
        fault(Map.of("type", "UNAVAILABLE", "count", 5));
        given().delete("/sim/faults").then().statusCode(204);
        given().get("/sim/faults").then().body("$", hasSize(0));
        Sim.api().get("/api/systemusers").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("type", "NOPE"))
                .post("/sim/faults")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body(Map.of("count", 1))
                .post("/sim/faults")
                .then()
                .statusCode(400);
    }
}
