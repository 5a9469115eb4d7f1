package io.gatehouse.platform;

import io.gatehouse.events.RevocationReason;
import io.gatehouse.events.UserRevoked;
import io.gatehouse.platform.auth.RevokedTokens;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A revoked user's already-issued JWT is refused everywhere; bodies over the limit get problem+json. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "platform"))
@QuarkusTestResource(KafkaResource.class)
class RevocationAndLimitsTest {
    @Inject
    RevokedTokens revoked;

    private static String token(String user, Instant issuedAt) {
        return TestKeys.jwt(TestKeys.KEY, "acme", user, "ADMIN", issuedAt, 300, AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    @Test
    void aTokenIssuedBeforeItsUsersRevocationIsRefusedAndOneIssuedAfterIsNot() {
        Instant before = Instant.now().minusSeconds(60);
        String old = token("u-revoked", before);
        String bystander = token("u-bystander", before);
        given().auth().oauth2(old).get("/test/accounts/acme/admin").then().statusCode(200);

        Instant revokedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(UserRevoked.of(revokedAt, "acme", "u-revoked", "rev@acme.test", RevocationReason.REMOVED_FROM_GROUP));
        }
        PlatformTest.await(() -> given().auth().oauth2(old).get("/test/accounts/acme/admin").statusCode() == 401,
                "the revoked user's token to be refused");
        given().auth().oauth2(old).get("/test/accounts/acme/admin").then().statusCode(401)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("token_revoked"));

        // same user, another account: not affected; another user of the account: not affected
        given().auth().oauth2(TestKeys.jwt(TestKeys.KEY, "other", "u-revoked", "ADMIN", before, 300,
                AlgorithmIdentifiers.RSA_USING_SHA256)).get("/test/accounts/other/admin").then().statusCode(200);
        given().auth().oauth2(bystander).get("/test/accounts/acme/admin").then().statusCode(200);
        // a token issued in the same second as the revocation is refused (iat has whole seconds); a later one is not
        given().auth().oauth2(token("u-revoked", revokedAt)).get("/test/accounts/acme/admin").then().statusCode(401);
        given().auth().oauth2(token("u-revoked", revokedAt.plusSeconds(2))).get("/test/accounts/acme/admin")
                .then().statusCode(200);
        assertTrue(revoked.caughtUp(), "the feed reports it has read the look-back window");
    }

    @Test
    void aBodyOverTheLimitIsRefusedAsProblemJsonBeforeItIsRead() {
        String big = "{\"name\":\"" + "x".repeat(100 * 1024) + "\",\"count\":1}";
        given().contentType(ContentType.JSON).body(big).post("/test/body").then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("payload_too_large")).body("status", equalTo(413));
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedAsProblemJson() {
        byte[] big = ("{\"name\":\"" + "x".repeat(100 * 1024) + "\",\"count\":1}").getBytes();
        given().contentType(ContentType.JSON).body(new ByteArrayInputStream(big)).post("/test/body").then().statusCode(413)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("payload_too_large"));
    }

    @Test
    void aBodyUnderTheLimitStillWorks() {
        given().contentType(ContentType.JSON).body("{\"name\":\"ok\",\"count\":2}").post("/test/body").then()
                .statusCode(200).body("count", equalTo(2));
    }
}
