package io.gatehouse.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testsupport.Kafka;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Readiness covers every Kafka client of the service: each consumer channel and the relay's producer (the Quarkus
 * Messaging channels' own checks), the outbox relay and the revocation feed; a replica that cannot reach Kafka is
 * not ready, and is again once the broker is back.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "platform"))
@QuarkusTestResource(KafkaResource.class)
class ReadinessTest {

    @Test
    void readinessCoversTheConsumersTheRelayAndTheRevocationFeed() {
        PlatformTest.await(() -> given().get("/q/health/ready").statusCode() == 200, "the service to be ready");
        JsonPath ready =
                given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertEquals("UP", status(ready, "outbox-relay"));
        assertEquals("UP", status(ready, "revocation-feed"));
        Map<String, Object> channels = channels(ready);
        for (String channel : List.of("test-effects", "trace-relay", "gatehouse-outbox")) {
            assertTrue(channels.containsKey(channel), channel + " is part of readiness: " + channels);
        }
    }

    @Test
    void aReplicaThatCannotReachKafkaIsNotReadyUntilItCanAgain() {
        PlatformTest.await(() -> given().get("/q/health/ready").statusCode() == 200, "the service to be ready first");
        Kafka.get().broker().stop();
        try {
            PlatformTest.await(
                    () -> given().get("/q/health/ready").statusCode() == 503,
                    "readiness to go DOWN without the broker");
            JsonPath down = given().get("/q/health/ready")
                    .then()
                    .statusCode(503)
                    .extract()
                    .jsonPath();
            assertEquals(
                    "DOWN",
                    down.getString("checks.find { it.name.contains('Reactive Messaging') }.status"),
                    "the channels' check is DOWN: " + channels(down));
        } finally {
            Kafka.get().broker().start();
        }
        PlatformTest.await(() -> given().get("/q/health/ready").statusCode() == 200, "readiness back with the broker");
    }

    private static String status(JsonPath health, String check) {
        return health.getString("checks.find { it.name == '" + check + "' }.status");
    }

    /** The channels named in the Quarkus Messaging readiness check, with their state ("[OK]" or "[KO] - …"). */
    private static Map<String, Object> channels(JsonPath health) {
        Map<String, Object> data = health.getMap("checks.find { it.name.contains('Reactive Messaging') }.data");
        return data == null ? Map.of() : data;
    }
}
