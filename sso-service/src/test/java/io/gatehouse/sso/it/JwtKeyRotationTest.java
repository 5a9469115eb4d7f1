package io.gatehouse.sso.it;

import static io.gatehouse.sso.it.Fixture.await;
import static io.gatehouse.sso.it.Fixture.domainFor;
import static io.gatehouse.sso.it.Fixture.operator;
import static io.gatehouse.sso.it.Fixture.postAcs;
import static io.gatehouse.sso.it.Fixture.readyAccount;
import static io.gatehouse.sso.it.SamlFlows.responseFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.Role;
import io.gatehouse.events.RoleProvenance;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.sso.domain.JwtKeys;
import io.gatehouse.sso.domain.RotateSigningKey;
import io.gatehouse.sso.saml.TestKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JWT signing key rotation over HTTP: the operator rotates; the new key is published at once and signs after the
 * activation delay; tokens of the old key keep verifying (JWKS and sso-service's own APIs) until every token it
 * signed has expired, then the key leaves the JWKS. The schedule rotates once per interval, once across replicas.
 * Time passes through {@link TestClock}; the key table is emptied afterwards so other tests start from one key.
 */
@QuarkusTest
class JwtKeyRotationTest {
    private static String accountId;
    private static String adminSession;

    @Inject
    JwtKeys keys;

    @Inject
    RotateSigningKey rotation;

    @Inject
    EntityManager em;

    @BeforeEach
    void setUp() {
        if (accountId != null) {
            return;
        }
        accountId = readyAccount("POST", true, TestKeys.idp());
        String email = "keys-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(accountId);
        Response acs = postAcs(accountId, responseFor(accountId, email).base64(), null);
        acs.then().statusCode(303);
        adminSession = acs.getCookie("GH_SESSION");
        String userId = UUID.randomUUID().toString();
        Fixture.publish(UserProvisioned.of(
                Instant.now(), accountId, userId, email, "Key", "Holder", Role.ADMIN, RoleProvenance.MANUAL, "SSO"));
        await(
                "user provisioned",
                Duration.ofSeconds(30),
                () -> userId.equals(given().cookie("GH_SESSION", adminSession)
                        .get("/api/session")
                        .path("userId")));
    }

    @AfterEach
    void backToNow() {
        TestClock.reset();
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("DELETE FROM sso_signing_key").executeUpdate());
        keys.reload();
    }

    private static String token() {
        return given().cookie("GH_SESSION", adminSession)
                .post("/api/session/token")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
    }

    private static String kid(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        int at = header.indexOf("\"kid\":\"") + 7;
        return header.substring(at, header.indexOf('"', at));
    }

    private static List<String> jwksKids() {
        return given().get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("keys.kid");
    }

    /** Verifies the token's signature with the published JWKS only, as another service does. */
    private static void verifiesWithJwks(String jwt) throws Exception {
        JsonWebKeySet jwks =
                new JsonWebKeySet(given().get("/.well-known/jwks.json").asString());
        new JwtConsumerBuilder()
                .setSkipAllValidators()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .build()
                .processToClaims(jwt);
    }

    /**
     * A signing key stored before the cipher had key ids (the private JWK sealed as {@code nonce || sealed} with the
     * key-encryption-key, no associated data, as JwtKeys wrote it until issue 19) still loads and signs.
     */
    @Test
    void aKeyStoredBeforeKeyIdsStillSigns() throws Exception {
        org.jose4j.jwk.RsaJsonWebKey jwk = org.jose4j.jwk.RsaJwkGenerator.generateJwk(2048);
        jwk.setKeyId("legacy-" + UUID.randomUUID().toString().substring(0, 8));
        jwk.setAlgorithm("RS256");
        jwk.setUse("sig");
        byte[] kek = Base64.getDecoder()
                .decode(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("gatehouse.sso.jwt.key-encryption-key", String.class));
        byte[] iv = new byte[12];
        new java.security.SecureRandom().nextBytes(iv);
        javax.crypto.Cipher gcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(
                javax.crypto.Cipher.ENCRYPT_MODE,
                new javax.crypto.spec.SecretKeySpec(kek, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, iv));
        byte[] sealed = gcm.doFinal(jwk.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)
                .getBytes(StandardCharsets.UTF_8));
        String legacy = Base64.getEncoder()
                .encodeToString(java.nio.ByteBuffer.allocate(12 + sealed.length)
                        .put(iv)
                        .put(sealed)
                        .array());
        Instant created = Instant.now().minus(Duration.ofHours(1));
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("DELETE FROM sso_signing_key").executeUpdate();
            em.createNativeQuery("INSERT INTO sso_signing_key (kid, public_jwk, private_encrypted, created_at,"
                            + " activates_at) VALUES (?1, ?2, ?3, ?4, ?4)")
                    .setParameter(1, jwk.getKeyId())
                    .setParameter(2, jwk.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                    .setParameter(3, legacy)
                    .setParameter(4, java.sql.Timestamp.from(created))
                    .executeUpdate();
        });
        keys.reload();

        String jwt = token();
        assertEquals(jwk.getKeyId(), kid(jwt));
        verifiesWithJwks(jwt);
    }

    @Test
    void afterRotationNewTokensCarryTheNewKidAndOldTokensVerifyUntilTheOldKeyIsRetired() throws Exception {
        String before = token();
        String oldKid = kid(before);

        Response rotated = operator().post("/api/jwt/keys/rotate");
        rotated.then().statusCode(200).body("created", equalTo(true));
        String newKid = rotated.path("kid");
        assertNotEquals(oldKid, newKid);
        // published at once, before it signs: every replica and verifier knows it first
        assertTrue(jwksKids().containsAll(List.of(oldKid, newKid)), jwksKids().toString());
        assertEquals(oldKid, kid(token()), "the new key signs only from its activation");
        // asked again while it waits: the same pending key, no second one
        operator()
                .post("/api/jwt/keys/rotate")
                .then()
                .statusCode(200)
                .body("kid", equalTo(newKid))
                .body("created", equalTo(false));

        TestClock.advance(Duration.ofMinutes(2).plusSeconds(1));
        String after = token();
        assertEquals(newKid, kid(after));
        verifiesWithJwks(before);
        verifiesWithJwks(after);
        given().header("Authorization", "Bearer " + before)
                .get("/api/session")
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + after)
                .get("/api/session")
                .then()
                .statusCode(200);
        operator()
                .get("/api/jwt/keys")
                .then()
                .statusCode(200)
                .body("keys.find { it.kid == '" + newKid + "' }.status", equalTo("ACTIVE"))
                .body("keys.find { it.kid == '" + oldKid + "' }.status", equalTo("RETIRED"));

        // the longest token the old key signed has expired (10 min + refresh + skew): it leaves the JWKS
        TestClock.advance(Duration.ofMinutes(11).plusSeconds(1));
        assertFalse(jwksKids().contains(oldKid), jwksKids().toString());
        assertTrue(jwksKids().contains(newKid));
        given().header("Authorization", "Bearer " + before)
                .get("/api/session")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + after)
                .get("/api/session")
                .then()
                .statusCode(200);
        // and the schedule deletes its row, private half included
        rotation.rotateIfDue();
        operator().get("/api/jwt/keys").then().statusCode(200).body("keys.kid", not(hasItem(oldKid)));
    }

    @Test
    void theScheduleRotatesOnceTheIntervalHasPassedAndTwoReplicasRotateOnce() throws Exception {
        String signing = kid(token());
        assertTrue(rotation.rotateIfDue().isEmpty(), "not due yet");
        int before = rotation.list().size();

        TestClock.advance(Duration.ofDays(30).plusMinutes(1));
        // two replicas' schedules fire together: the advisory lock lets one rotate, the other finds it pending
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        Callable<Optional<RotateSigningKey.KeyView>> tick = () -> {
            go.await();
            return rotation.rotateIfDue();
        };
        List<Future<Optional<RotateSigningKey.KeyView>>> ticks =
                new ArrayList<>(List.of(replicas.submit(tick), replicas.submit(tick)));
        go.countDown();
        List<RotateSigningKey.KeyView> made = new ArrayList<>();
        for (Future<Optional<RotateSigningKey.KeyView>> f : ticks) {
            f.get().ifPresent(made::add);
        }
        replicas.shutdown();
        assertEquals(1, made.size(), "exactly one replica rotates");
        assertEquals(before + 1, rotation.list().size());
        assertEquals(RotateSigningKey.Status.PENDING, made.get(0).status());

        // (30 days on, the test's session has expired: ask the signer directly)
        assertEquals(signing, keys.signer().kid(), "the old key signs until the new one activates");
        TestClock.advance(Duration.ofMinutes(2).plusSeconds(1));
        assertEquals(made.get(0).kid(), keys.signer().kid());
        assertNotEquals(signing, made.get(0).kid());
        assertTrue(rotation.rotateIfDue().isEmpty(), "the new key is not due");
    }

    @Test
    void onlyTheOperatorMayRotateOrListKeys() {
        given().post("/api/jwt/keys/rotate")
                .then()
                .statusCode(401)
                .contentType(containsString("application/problem+json"))
                .body("code", equalTo("unauthorized"));
        given().get("/api/jwt/keys").then().statusCode(401).contentType(containsString("application/problem+json"));
        String adminJwt = token();
        given().header("Authorization", "Bearer " + adminJwt)
                .post("/api/jwt/keys/rotate")
                .then()
                .statusCode(403)
                .contentType(containsString("application/problem+json"))
                .body("code", equalTo("forbidden"));
        given().header("Authorization", "Bearer " + adminJwt)
                .get("/api/jwt/keys")
                .then()
                .statusCode(403)
                .contentType(containsString("application/problem+json"))
                .body("code", equalTo("forbidden"));
        given().header("Authorization", "Bearer not-the-operator-token")
                .post("/api/jwt/keys/rotate")
                .then()
                .statusCode(401)
                .body(not(containsString("not-the-operator-token")));
        // nothing was rotated
        assertEquals(1, rotation.list().size());
    }

    @Test
    void theKeyListNeverShowsPrivateMaterial() {
        token();
        operator()
                .get("/api/jwt/keys")
                .then()
                .statusCode(200)
                .body(not(containsString("privateEncrypted")))
                .body(not(containsString("\"d\"")));
        given().get("/.well-known/jwks.json").then().statusCode(200).body(not(containsString("\"d\"")));
    }
}
