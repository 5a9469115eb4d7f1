package io.gatehouse.directory;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gatehouse.directory.domain.DirectoryConnection;
import io.gatehouse.directory.domain.DirectoryConnectionCommand;
import io.gatehouse.directory.domain.DirectoryConnectionRepository;
import io.gatehouse.directory.domain.SecretCipher;
import io.gatehouse.platform.domain.DomainException;
import io.gatehouse.platform.problem.ProblemMappers;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "directory"))
@QuarkusTestResource(KafkaResource.class)
class DirectoryConnectionApiTest {

    @Inject
    DirectoryConnectionRepository connections;

    @Inject
    SecretCipher cipher;

    @Inject
    io.gatehouse.directory.domain.SyncLock lock;

    static Map<String, Object> body() {
        Map<String, Object> b = new HashMap<>();
        b.put("provider", "JUMPCLOUD");
        b.put("apiBaseUrl", "http://127.0.0.1:9");
        b.put("apiKey", "jc-secret-key-123");
        b.put("applicationId", "app1");
        b.put("groupRoleMappings", Map.of("Acme Admins", "ADMIN", "Acme Supervisors", "SUPERVISOR"));
        b.put("defaultRole", "AGENT");
        b.put("syncIntervalSeconds", 300);
        b.put("revokeBrake", Map.of("maxFraction", 0.3, "minCount", 5));
        b.put("scimEnabled", true);
        return b;
    }

    @Transactional
    DirectoryConnection load(String accountId) {
        return connections.findById(accountId);
    }

    @Test
    void putCreatesThenUpdatesAndNeverReturnsTheKey() {
        String account = Api.newAccount("conn");
        Api.operator()
                .body(body())
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(201)
                .body("apiKeySet", equalTo(true))
                .body("$", not(hasKey("apiKey")))
                .body("groupRoleMappings.'Acme Admins'", equalTo("ADMIN"))
                .body("revokeBrake.maxFraction", equalTo(0.3f))
                .body("scimBaseUrl", equalTo("http://localhost:8083/scim/v2/" + account));
        String json = Api.operator()
                .get("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(200)
                .body("applicationId", equalTo("app1"))
                .body("syncIntervalSeconds", equalTo(300))
                .extract()
                .asString();
        assertFalse(json.contains("jc-secret-key-123"));

        byte[] stored = load(account).apiKeyCiphertext();
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("jc-secret-key-123"));
        assertEquals("jc-secret-key-123", cipher.decrypt(account, stored));

        // update without apiKey keeps the stored ciphertext
        Map<String, Object> update = body();
        update.remove("apiKey");
        update.put("defaultRole", "SUPERVISOR");
        Api.operator()
                .body(update)
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(200)
                .body("defaultRole", equalTo("SUPERVISOR"))
                .body("apiKeySet", equalTo(true));
        assertArrayEquals(stored, load(account).apiKeyCiphertext());

        // a new key is encrypted with a fresh nonce
        Map<String, Object> rekey = body();
        rekey.put("apiKey", "jc-secret-key-123");
        Api.operator()
                .body(rekey)
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(200);
        byte[] again = load(account).apiKeyCiphertext();
        assertFalse(Arrays.equals(stored, again));
        assertEquals("jc-secret-key-123", cipher.decrypt(account, again));
    }

    @Inject
    io.gatehouse.directory.domain.SaveDirectoryConnection save;

    @Transactional
    void storeBaseUrl(String accountId, String url) {
        // a row stored before the allow-list: written around the entity, whose settings are validated
        connections
                .getEntityManager()
                .createNativeQuery("update directory_connection set api_base_url = ?1 where account_id = ?2")
                .setParameter(1, url)
                .setParameter(2, accountId)
                .executeUpdate();
    }

    @Test
    void changingApiBaseUrlWithoutTheKeyIsRefusedAndKeepsTheStoredUrl() {
        String account = Api.newAccount("rehost");
        Api.operator()
                .body(body())
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(201);
        byte[] key = load(account).apiKeyCiphertext();

        Map<String, Object> moved = body();
        moved.remove("apiKey");
        moved.put("apiBaseUrl", "http://localhost:9"); // allowed, but another host: the key must come with it
        Api.operator()
                .body(moved)
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("api_key_required"));
        assertEquals("http://127.0.0.1:9", load(account).apiBaseUrl());
        assertArrayEquals(key, load(account).apiKeyCiphertext());

        // the same host spelled differently, or no apiBaseUrl at all, is no change: the stored key stays
        moved.put("apiBaseUrl", "HTTP://127.0.0.1:9/api/");
        Api.operator()
                .body(moved)
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(200);
        moved.remove("apiBaseUrl");
        Api.operator()
                .body(moved)
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(200)
                .body("apiBaseUrl", equalTo("HTTP://127.0.0.1:9/api/"))
                .body("apiKeySet", equalTo(true));

        // with the key, the move is allowed
        moved.put("apiBaseUrl", "http://localhost:9");
        moved.put("apiKey", "jc-secret-key-456");
        Api.operator()
                .body(moved)
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(200)
                .body("apiBaseUrl", equalTo("http://localhost:9"));
        assertEquals("jc-secret-key-456", cipher.decrypt(account, load(account).apiKeyCiphertext()));
    }

    @Test
    void apiBaseUrlOffTheOperatorsAllowListIsRefusedEvenWithTheKey() {
        String account = Api.newAccount("allow");
        for (String url : java.util.List.of(
                "https://evil.test",
                "https://console.jumpcloud.com.evil.test",
                "http://console.jumpcloud.com",
                "http://127.0.0.1:1",
                "https://127.0.0.1:9")) {
            expect400(account, "apiBaseUrl", url, "api_base_url_not_allowed");
        }
        expect400(account, "apiBaseUrl", "https://console.jumpcloud.com@evil.test", "invalid_api_base_url");
        // JumpCloud's own hosts are allowed by default (US and EU); nothing is called on save
        Map<String, Object> eu = body();
        eu.put("apiBaseUrl", "https://console.eu.jumpcloud.com/api");
        eu.put("syncIntervalSeconds", 0);
        Api.operator()
                .body(eu)
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(201);
        Map<String, Object> away = body();
        away.put("apiBaseUrl", "https://evil.test");
        Api.operator()
                .body(away)
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(400)
                .body("code", equalTo("api_base_url_not_allowed"));
        assertEquals("https://console.eu.jumpcloud.com/api", load(account).apiBaseUrl());
    }

    @Test
    void storedApiBaseUrlOffTheAllowListIsNeverCalledBySyncOrDryRun() throws Exception {
        java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer trap = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        trap.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        trap.start();
        try {
            String account = Api.newAccount("trap");
            Api.putConnection(account, body());
            // a row saved before the allow-list existed, or a host the operator has since taken off the list
            storeBaseUrl(account, "http://127.0.0.1:" + trap.getAddress().getPort());
            for (String dryRun : java.util.List.of("true", "false")) {
                Api.operator()
                        .post("/api/accounts/{id}/directory/sync?wait=true&dryRun=" + dryRun, account)
                        .then()
                        .statusCode(409)
                        .contentType("application/problem+json")
                        .body("code", equalTo("api_base_url_not_allowed"));
            }
            assertEquals(0, hits.get(), "the trap received a request");
        } finally {
            trap.stop(0);
        }
    }

    private static DirectoryConnectionCommand request(Map<String, String> mappings, String defaultRole) {
        return new DirectoryConnectionCommand(
                "JUMPCLOUD", "http://127.0.0.1:9", null, null, "app1", mappings, defaultRole, 0, null, true);
    }

    private static String refusal(Runnable r) {
        try {
            r.run();
            return "saved";
        } catch (DomainException e) {
            return ProblemMappers.status(e.kind()) + " " + e.code();
        }
    }

    @Test
    void onlyTheOperatorOrAnOwnerAddsChangesOrRemovesAGroupMappedToOwner() {
        String account = Api.newAccount("owners");
        Map<String, String> withOwners = Map.of("Founders", "OWNER", "Staff", "AGENT");
        // an ADMIN (mayGrantOwner=false) can neither create nor add a group → OWNER mapping
        assertEquals("403 role_escalation", refusal(() -> save.save(account, request(withOwners, "AGENT"), false)));
        Api.operator().get("/api/accounts/{id}/directory", account).then().statusCode(404);
        assertEquals("saved", refusal(() -> save.save(account, request(Map.of("Staff", "AGENT"), "AGENT"), false)));
        assertEquals("403 role_escalation", refusal(() -> save.save(account, request(withOwners, "AGENT"), false)));
        // the operator or an OWNER can
        assertEquals("saved", refusal(() -> save.save(account, request(withOwners, "AGENT"), true)));
        // an ADMIN may keep it as it is (same group, any spelling) while changing other fields
        assertEquals(
                "saved",
                refusal(() -> save.save(
                        account, request(Map.of(" founders ", "OWNER", "Staff", "SUPERVISOR"), "SUPERVISOR"), false)));
        // but not remove it, move it to another group or lower it
        assertEquals(
                "403 role_escalation",
                refusal(() -> save.save(account, request(Map.of("Staff", "AGENT"), "AGENT"), false)));
        assertEquals(
                "403 role_escalation",
                refusal(() -> save.save(account, request(Map.of("Board", "OWNER"), "AGENT"), false)));
        assertEquals(
                "403 role_escalation",
                refusal(() -> save.save(account, request(Map.of("Founders", "ADMIN"), "AGENT"), false)));
        Api.operator()
                .get("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(200)
                .body("groupRoleMappings.founders", equalTo("OWNER"))
                .body("defaultRole", equalTo("SUPERVISOR"));
        // OWNER is never a default role, whoever asks
        assertEquals("400 invalid_default_role", refusal(() -> save.save(account, request(withOwners, "OWNER"), true)));
        assertEquals("saved", refusal(() -> save.save(account, request(Map.of(), "AGENT"), true)));
    }

    @Test
    void storedKeyDoesNotDecryptForAnotherAccount() {
        String account = Api.newAccount("aad");
        Api.operator()
                .body(body())
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(201);
        byte[] stored = load(account).apiKeyCiphertext();
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> cipher.decrypt(account + "x", stored));
    }

    @Test
    void validationAnswersPreciseCodes() {
        String account = Api.newAccount("val");
        expect400(account, "provider", "OKTA", "unsupported_provider");
        expect400(account, "apiBaseUrl", "ftp://x", "invalid_api_base_url");
        expect400(account, "apiBaseUrl", "not a url", "invalid_api_base_url");
        expect400(account, "syncIntervalSeconds", 10, "invalid_sync_interval");
        expect400(account, "syncIntervalSeconds", -1, "invalid_sync_interval");
        expect400(account, "defaultRole", "KING", "invalid_default_role");
        expect400(account, "defaultRole", "OWNER", "invalid_default_role");
        expect400(account, "groupRoleMappings", Map.of("Admins", "EMPEROR"), "invalid_group_role_mapping");
        expect400(account, "revokeBrake", Map.of("maxFraction", 1.5, "minCount", 1), "invalid_revoke_brake");
        expect400(account, "revokeBrake", Map.of("maxFraction", 0.2, "minCount", -1), "invalid_revoke_brake");
        expect400(account, "apiKey", "  ", "invalid_api_key");
        // a wrong JSON type is a 400 problem too, never a 500
        Api.operator()
                .body("{\"syncIntervalSeconds\":\"soon\"}")
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(400);
        Api.operator()
                .body("{not json")
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(400);
        // nothing was stored
        Api.operator()
                .get("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(404)
                .body("code", equalTo("directory_not_found"));
    }

    private static void expect400(String account, String field, Object value, String code) {
        Map<String, Object> b = body();
        b.put(field, value);
        Api.operator()
                .body(b)
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo(code));
    }

    @Test
    void requiresAuthentication() {
        String account = Api.newAccount("auth");
        RestAssured.given()
                .contentType("application/json")
                .body(body())
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthorized"));
        RestAssured.given()
                .header("Authorization", "Bearer wrong")
                .get("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(401);
        RestAssured.given()
                .post("/api/accounts/{id}/directory/scim-token", account)
                .then()
                .statusCode(401);
    }

    @Test
    void scimTokenIsShownOnceAndStoredHashed() {
        String account = Api.newAccount("tok");
        Api.operator()
                .post("/api/accounts/{id}/directory/scim-token", account)
                .then()
                .statusCode(404)
                .body("code", equalTo("directory_not_found"));
        Api.putConnection(account, body());
        String token = Api.operator()
                .post("/api/accounts/{id}/directory/scim-token", account)
                .then()
                .statusCode(200)
                .body("baseUrl", equalTo("http://localhost:8083/scim/v2/" + account))
                .extract()
                .path("token");
        String hash = load(account).scimTokenHash();
        assertEquals(io.gatehouse.directory.domain.TokenHash.sha256(token), hash);
        assertFalse(hash.contains(token));
        Api.operator()
                .get("/api/accounts/{id}/directory", account)
                .then()
                .body("scimTokenIssued", equalTo(true))
                .body("$", not(hasKey("scimToken")));
    }

    @Test
    void concurrentSyncOfTheSameAccountIsRefused() {
        String account = Api.newAccount("busy");
        Api.putConnection(account, body());
        try (var held = lock.tryAcquire(account).orElseThrow()) {
            Api.operator()
                    .post("/api/accounts/{id}/directory/sync?wait=true", account)
                    .then()
                    .statusCode(409)
                    .body("code", equalTo("sync_in_progress"));
        }
        // released: the run goes ahead (and fails, as nothing listens on the API URL), recorded as FAILED
        Api.operator()
                .post("/api/accounts/{id}/directory/sync?wait=true", account)
                .then()
                .statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("error", org.hamcrest.Matchers.startsWith("retries_exhausted"));
    }

    @Test
    void syncWithoutConnectionOrApplicationIsRefused() {
        String account = Api.newAccount("nosync");
        Api.operator()
                .post("/api/accounts/{id}/directory/sync?wait=true", account)
                .then()
                .statusCode(404)
                .body("code", equalTo("directory_not_found"));
        Map<String, Object> b = body();
        b.remove("applicationId");
        Api.putConnection(account, b);
        Api.operator()
                .post("/api/accounts/{id}/directory/sync?wait=true", account)
                .then()
                .statusCode(409)
                .body("code", equalTo("directory_incomplete"));
        Api.operator()
                .post("/api/accounts/{id}/directory/sync?wait=true&dryRun=maybe", account)
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_dry_run"));
        Api.operator()
                .get("/api/accounts/{id}/directory/syncs/not-a-uuid", account)
                .then()
                .statusCode(404)
                .body("code", equalTo("sync_not_found"));
    }
}
