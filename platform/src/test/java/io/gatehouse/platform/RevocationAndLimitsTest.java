package io.gatehouse.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.RevocationReason;
import io.gatehouse.events.Role;
import io.gatehouse.events.RoleProvenance;
import io.gatehouse.events.UserRestored;
import io.gatehouse.events.UserRevoked;
import io.gatehouse.events.UserRoleChanged;
import io.gatehouse.platform.auth.RevokedTokens;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.junit.jupiter.api.Test;

/**
 * A revoked user's JWTs are refused whatever their iat until a restore; a role change cuts off older tokens; a
 * token for another audience is refused; the feed is part of readiness; bodies over the limit get problem+json.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "platform"))
@QuarkusTestResource(KafkaResource.class)
class RevocationAndLimitsTest {
    @Inject
    RevokedTokens revoked;

    private static String token(String user, Instant issuedAt) {
        return TestKeys.jwt(TestKeys.KEY, "acme", user, "ADMIN", issuedAt, 300, AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    private static final String ADMIN = "/test/accounts/acme/admin";

    private static int status(String token) {
        return given().auth().oauth2(token).get(ADMIN).statusCode();
    }

    @Test
    void aRevokedUsersTokensAreRefusedWhateverTheirIatUntilARestore() {
        Instant before = Instant.now().minusSeconds(60);
        String old = token("u-revoked", before);
        String bystander = token("u-bystander", before);
        given().auth().oauth2(old).get(ADMIN).then().statusCode(200);

        Instant revokedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(UserRevoked.of(
                    revokedAt, "acme", "u-revoked", "rev@acme.test", RevocationReason.REMOVED_FROM_GROUP));
        }
        PlatformTest.await(() -> status(old) == 401, "the revoked user's token to be refused");
        given().auth()
                .oauth2(old)
                .get(ADMIN)
                .then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("token_revoked"));

        // same user, another account: not affected; another user of the account: not affected
        given().auth()
                .oauth2(TestKeys.jwt(
                        TestKeys.KEY,
                        "other",
                        "u-revoked",
                        "ADMIN",
                        before,
                        300,
                        AlgorithmIdentifiers.RSA_USING_SHA256))
                .get("/test/accounts/other/admin")
                .then()
                .statusCode(200);
        given().auth().oauth2(bystander).get(ADMIN).then().statusCode(200);
        // a token minted after the revocation (an issuer that had not caught up yet) is refused as well
        given().auth()
                .oauth2(token("u-revoked", revokedAt.plusSeconds(2)))
                .get(ADMIN)
                .then()
                .statusCode(401)
                .body("code", equalTo("token_revoked"));
        assertTrue(revoked.caughtUp(), "the feed reports it has read the look-back window");

        Instant restoredAt = revokedAt.plusSeconds(5);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(UserRestored.of(restoredAt, "acme", "u-revoked", "rev@acme.test", Role.ADMIN));
        }
        String fresh = token("u-revoked", restoredAt.plusSeconds(1));
        PlatformTest.await(() -> status(fresh) == 200, "a token issued after the restore to be accepted");
        // tokens issued before the restore (during or before the revocation) stay refused
        given().auth().oauth2(old).get(ADMIN).then().statusCode(401).body("code", equalTo("token_stale"));
        given().auth()
                .oauth2(token("u-revoked", revokedAt.plusSeconds(2)))
                .get(ADMIN)
                .then()
                .statusCode(401)
                .body("code", equalTo("token_stale"));
    }

    @Test
    void aTokenIssuedBeforeItsUsersRoleChangeOrCarryingTheOldRoleIsRefused() {
        Instant before = Instant.now().minusSeconds(60);
        String asOwner = TestKeys.jwt(
                TestKeys.KEY, "acme", "u-demoted", "OWNER", before, 300, AlgorithmIdentifiers.RSA_USING_SHA256);
        given().auth().oauth2(asOwner).get(ADMIN).then().statusCode(200);

        Instant changedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(UserRoleChanged.of(
                    changedAt, "acme", "u-demoted", "dem@acme.test", Role.OWNER, Role.ADMIN, RoleProvenance.MANUAL));
            // a change of provenance only (same role) is no cut-off
            kafka.publish(UserRoleChanged.of(
                    changedAt,
                    "acme",
                    "u-bystander-2",
                    "by@acme.test",
                    Role.ADMIN,
                    Role.ADMIN,
                    RoleProvenance.GROUP_MAPPING));
        }
        PlatformTest.await(() -> status(asOwner) == 401, "the token issued before the demotion to be refused");
        given().auth()
                .oauth2(asOwner)
                .get(ADMIN)
                .then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("token_stale"));
        // issued before the change with the new role: refused too (iat decides)
        given().auth().oauth2(token("u-demoted", before)).get(ADMIN).then().statusCode(401);
        // issued after the change but still carrying the old role (a session that had not caught up): refused
        given().auth()
                .oauth2(TestKeys.jwt(
                        TestKeys.KEY,
                        "acme",
                        "u-demoted",
                        "OWNER",
                        changedAt.plusSeconds(2),
                        300,
                        AlgorithmIdentifiers.RSA_USING_SHA256))
                .get(ADMIN)
                .then()
                .statusCode(401);
        // issued after the change with the new role: accepted
        given().auth()
                .oauth2(token("u-demoted", changedAt.plusSeconds(2)))
                .get(ADMIN)
                .then()
                .statusCode(200);
        given().auth().oauth2(token("u-bystander-2", before)).get(ADMIN).then().statusCode(200);
    }

    @Test
    void aTokenForAnotherServicesAudienceIsRefused() {
        Instant now = Instant.now();
        given().auth()
                .oauth2(TestKeys.jwt(
                        TestKeys.KEY,
                        "user-service",
                        "acme",
                        "u-aud",
                        "ADMIN",
                        now,
                        300,
                        AlgorithmIdentifiers.RSA_USING_SHA256))
                .get(ADMIN)
                .then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("unauthorized"));
        given().auth()
                .oauth2(TestKeys.jwt(
                        TestKeys.KEY,
                        "gatehouse-api",
                        "acme",
                        "u-aud",
                        "ADMIN",
                        now,
                        300,
                        AlgorithmIdentifiers.RSA_USING_SHA256))
                .get(ADMIN)
                .then()
                .statusCode(401);
        // this service's audience (its name, platform-test): accepted
        given().auth()
                .oauth2(TestKeys.jwt(
                        TestKeys.KEY,
                        "platform-test",
                        "acme",
                        "u-aud",
                        "ADMIN",
                        now,
                        300,
                        AlgorithmIdentifiers.RSA_USING_SHA256))
                .get(ADMIN)
                .then()
                .statusCode(200);
    }

    /** What {@code gatehouse_auth_revocation_feed_lag} shows (this module's tests have no Prometheus registry). */
    private long feedLag() {
        return revoked.lag();
    }

    @Test
    void theRevocationFeedIsPartOfReadiness() {
        PlatformTest.await(() -> revoked.ready(), "the feed to be ready");
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'revocation-feed' }.status", equalTo("UP"));
    }

    @Test
    void aFeedBehindTheTopicIsNotReadyUntilItHasCaughtUp() throws Exception {
        PlatformTest.await(() -> revoked.ready(), "the feed to be ready first");
        Instant at = Instant.now();
        List<UserRevoked> burst = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            burst.add(UserRevoked.of(at, "burst", "u-burst-" + i, "b" + i + "@burst.test", RevocationReason.SUSPENDED));
        }
        AtomicBoolean sawDown = new AtomicBoolean();
        AtomicLong maxLag = new AtomicLong();
        Thread watcher = new Thread(() -> {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < until && !(sawDown.get() && maxLag.get() > 0)) {
                maxLag.accumulateAndGet(feedLag(), Math::max);
                if (given().get("/q/health/ready").statusCode() == 503) {
                    sawDown.set(true);
                }
            }
        });
        watcher.start();
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            // one transaction: the feed (read_committed) sees the whole burst at once, so it is behind by up to
            // 60,000 records whatever the relative speeds of producer and consumer on the machine
            kafka.publishAllAtOnce(burst);
        }
        watcher.join();
        assertTrue(sawDown.get(), "readiness was DOWN while the feed was behind the topic");
        assertTrue(maxLag.get() > 0, "the lag gauge showed the records the feed was behind");
        PlatformTest.await(() -> revoked.ready(), "the feed to catch up");
        assertEquals(0L, feedLag(), "no lag once caught up");
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'revocation-feed' }.status", equalTo("UP"));
        given().auth()
                .oauth2(TestKeys.jwt(
                        TestKeys.KEY,
                        "platform-test",
                        "burst",
                        "u-burst-59999",
                        "ADMIN",
                        Instant.now(),
                        300,
                        AlgorithmIdentifiers.RSA_USING_SHA256))
                .get("/test/accounts/burst/admin")
                .then()
                .statusCode(401)
                .body("code", equalTo("token_revoked"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedAsProblemJsonBeforeItIsRead() {
        String big = "{\"name\":\"" + "x".repeat(100 * 1024) + "\",\"count\":1}";
        given().contentType(ContentType.JSON)
                .body(big)
                .post("/test/body")
                .then()
                .statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("payload_too_large"))
                .body("status", equalTo(413));
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedAsProblemJson() {
        byte[] big = ("{\"name\":\"" + "x".repeat(100 * 1024) + "\",\"count\":1}").getBytes();
        given().contentType(ContentType.JSON)
                .body(new ByteArrayInputStream(big))
                .post("/test/body")
                .then()
                .statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("payload_too_large"));
    }

    @Test
    void aBodyUnderTheLimitStillWorks() {
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"ok\",\"count\":2}")
                .post("/test/body")
                .then()
                .statusCode(200)
                .body("count", equalTo(2));
    }
}
