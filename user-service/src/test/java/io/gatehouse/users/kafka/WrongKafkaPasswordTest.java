package io.gatehouse.users.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.testsupport.SecuredKafka;
import io.gatehouse.users.support.Eventually;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * user-service given a wrong Kafka password (a rotated Secret, a typo): it is not ready, and its log says why, in
 * a line an operator can search for; the password itself is never logged.
 */
@QuarkusTest
@TestProfile(SecuredKafkaProfile.WrongPassword.class)
class WrongKafkaPasswordTest {
    static final String AUTHENTICATION_FAILED =
            "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512";

    @Test
    void aWrongPasswordFailsReadinessWithAClearLogLine() {
        int status = Eventually.get(
                () -> RestAssured.get("/q/health/ready").statusCode(), s -> s == 503, Duration.ofSeconds(60));
        assertThat(status).as("readiness with a wrong Kafka password").isEqualTo(503);
        RestAssured.get("/q/health/ready").then().body("status", org.hamcrest.Matchers.is("DOWN"));

        String log = Eventually.get(
                WrongKafkaPasswordTest::log, l -> l.contains(AUTHENTICATION_FAILED), Duration.ofSeconds(30));
        assertThat(log).contains(AUTHENTICATION_FAILED);
        String password = SecuredKafka.get().password("user-service");
        assertThat(log).doesNotContain(password).doesNotContain("password=");
    }

    private static String log() {
        try {
            Path file = Path.of(SecuredKafkaProfile.WrongPassword.LOG);
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
