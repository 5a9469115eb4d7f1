package io.gatehouse.e2e;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.EventJson;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.Topics;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.testsupport.Kafka;
import io.gatehouse.testsupport.KafkaTestClient;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole JumpCloud story against the real stack, in the order an account lives it. Each step builds on the
 * previous one (ordered methods, one stack).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JumpCloudStoryTest {
    static final String ACCOUNT = "story";
    static final String DOMAIN = "story.test";
    static final String APP = "story-app";
    static final Duration CONVERGE = Duration.ofSeconds(60);
    static final Map<String, String> ATTRIBUTES =
            Map.of("email", "email", "firstName", "firstname", "lastName", "lastname");

    static Stack stack;
    static Flows flows;
    static String appId;
    static String adminsGroup;
    static String agentsGroup;
    static final Map<String, String> simUsers = new LinkedHashMap<>();
    static final Map<String, String> sessions = new HashMap<>();
    static final Map<String, List<Long>> latencies = new LinkedHashMap<>();

    @BeforeAll
    static void startStack() {
        stack = Stack.get();
        flows = new Flows(stack);
    }

    @AfterAll
    static void writeLatencyReport() throws IOException {
        if (latencies.isEmpty()) {
            return;
        }
        Path dir = Paths.get("target", "e2e-report");
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder("# Revocation latency (end-to-end suite)\n\n"
                + "From the change in the JumpCloud simulator to `GET /api/session` answering 401 for the person's session.\n\n"
                + "| path | trials | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, List<Long>> e : latencies.entrySet()) {
            List<Long> sorted = new ArrayList<>(e.getValue());
            sorted.sort(Long::compare);
            long p50 = percentile(sorted, 50);
            long p99 = percentile(sorted, 99);
            long max = sorted.get(sorted.size() - 1);
            md.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(sorted.size())
                    .append(" | ")
                    .append(p50)
                    .append(" | ")
                    .append(p99)
                    .append(" | ")
                    .append(max)
                    .append(" |\n");
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"')
                    .append(e.getKey())
                    .append("\":{\"trials\":")
                    .append(sorted.size())
                    .append(",\"p50Ms\":")
                    .append(p50)
                    .append(",\"p99Ms\":")
                    .append(p99)
                    .append(",\"maxMs\":")
                    .append(max)
                    .append(",\"samplesMs\":")
                    .append(sorted)
                    .append('}');
        }
        json.append('}');
        Files.writeString(dir.resolve("revocation-latency.md"), md.toString());
        Files.writeString(dir.resolve("revocation-latency.json"), json.toString());
    }

    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String email(String name) {
        return name + "@" + DOMAIN;
    }

    @Test
    @Order(1)
    void operatorCreatesABusinessAccountAndItsAdminSetsUpSsoWithAPassingTestConnection() {
        flows.operator()
                .body(Map.of("name", "Story Calls", "plan", "BUSINESS"))
                .put(stack.users().url() + "/api/accounts/" + ACCOUNT)
                .then()
                .statusCode(201);

        for (String name : List.of("ada", "alan", "grace", "linus", "mia", "noah", "olivia", "peter")) {
            simUsers.put(name, flows.createSimUser(email(name), cap(name), "Story"));
        }
        adminsGroup = flows.createSimGroup("Story Admins", List.of(simUsers.get("ada")));
        agentsGroup = flows.createSimGroup(
                "Story Agents",
                simUsers.entrySet().stream()
                        .filter(e -> !e.getKey().equals("ada"))
                        .map(Map.Entry::getValue)
                        .toList());
        appId = flows.createSimApp(APP, ACCOUNT, "ASSERTION", ATTRIBUTES, List.of(adminsGroup, agentsGroup))
                .getString("_id");

        // verified domain: the TXT record is published in (simulated) DNS and looked up for real
        JsonPath domain = flows.operator()
                .body(Map.of("domain", DOMAIN))
                .post(stack.sso().url() + "/api/accounts/" + ACCOUNT + "/domains")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertEquals("PENDING", domain.getString("status"));
        flows.operator()
                .post(stack.sso().url() + "/api/accounts/" + ACCOUNT + "/domains/" + DOMAIN + "/verify")
                .then()
                .statusCode(409)
                .body("code", equalTo("domain_not_verified"));
        flows.sim()
                .body(Map.of("txt", List.of(domain.getString("txtRecordValue"))))
                .put("/sim/dns/" + domain.getString("txtRecordName"))
                .then()
                .statusCode(200);
        flows.operator()
                .post(stack.sso().url() + "/api/accounts/" + ACCOUNT + "/domains/" + DOMAIN + "/verify")
                .then()
                .statusCode(200)
                .body("status", equalTo("VERIFIED"));

        // import the JumpCloud app's metadata, then enable with the default role
        String metadata = flows.anonymous()
                .get(stack.sim().url() + "/saml2/" + APP + "/metadata")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonPath imported = flows.operator()
                .contentType("application/xml")
                .body(metadata)
                .post(stack.sso().url() + "/api/accounts/" + ACCOUNT + "/sso/idp-metadata")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("https://sso.jumpcloud.com/saml2/" + APP, imported.getString("idpEntityId"));
        String certificate = flows.sim()
                .get("/sim/apps/" + appId + "/certificate")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Map<String, Object> sso = new HashMap<>();
        sso.put("enabled", true);
        sso.put("idpEntityId", imported.getString("idpEntityId"));
        sso.put("idpSsoUrl", imported.getString("idpSsoUrl"));
        sso.put("idpCertificatesPem", List.of(certificate));
        sso.put("defaultRole", "AGENT");
        sso.put("allowIdpInitiated", true);
        sso.put("clockSkewSeconds", 120);
        sso.put("authnRequestBinding", "REDIRECT");
        // the BUSINESS plan reaches sso-service as an AccountUpserted event
        JsonPath connection = Flows.await("SSO enabled once the plan is known", CONVERGE, () -> {
            Response r = flows.operator().body(sso).put(stack.sso().url() + "/api/accounts/" + ACCOUNT + "/sso");
            return r.statusCode() == 200 ? r.jsonPath() : null;
        });
        assertEquals(stack.sso().url() + "/saml/" + ACCOUNT + "/acs", connection.getString("acsUrl"));
        assertEquals(stack.sso().url() + "/saml/" + ACCOUNT + "/metadata", connection.getString("spEntityId"));

        // Test Connection: a real login through the IdP, reported check by check
        JsonPath test = flows.operator()
                .post(stack.sso().url() + "/api/accounts/" + ACCOUNT + "/sso/test")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Response acs = flows.completeLoginAt(test.getString("loginUrl"), email("ada"));
        assertEquals(200, acs.statusCode(), acs.asString());
        assertTrue(acs.asString().contains("passed"), acs.asString());
        JsonPath report = flows.operator()
                .get(stack.sso().url() + "/api/accounts/" + ACCOUNT + "/sso/test/" + test.getString("testId"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("PASSED", report.getString("status"));
        List<Map<String, Object>> checks = report.getList("checks");
        assertTrue(checks.size() >= 8, "the report lists each check");
        checks.forEach(c -> assertEquals(true, c.get("passed"), "check " + c.get("check") + " passed"));
        assertTrue(acs.getCookie("GH_SESSION") == null, "a test login creates no session");
    }

    @Test
    @Order(2)
    void peopleSignInSpAndIdpInitiatedAndAreCreatedJustInTimeWithTheDefaultRole() {
        String alan = Flows.sessionCookie(flows.spInitiated(email("alan")));
        flows.session(alan)
                .then()
                .statusCode(200)
                .body("email", equalTo(email("alan")))
                .body("accountId", equalTo(ACCOUNT))
                .body("role", equalTo("AGENT"));
        sessions.put("alan", alan);

        String grace = Flows.sessionCookie(flows.idpInitiated(APP, email("grace")));
        flows.session(grace).then().statusCode(200).body("email", equalTo(email("grace")));
        sessions.put("grace", grace);

        for (String name : List.of("alan", "grace")) {
            Map<String, Object> user = Flows.await(
                    name + " created just in time", CONVERGE, () -> flows.userByEmail(ACCOUNT, email(name)));
            assertEquals("AGENT", user.get("role"));
            assertEquals("SSO", user.get("source"));
            assertEquals("ACTIVE", user.get("status"));
        }
    }

    @Test
    @Order(3)
    void connectingTheDirectoryGrantsTheGroupsMembersWithTheirMappedRoles() {
        JsonPath org =
                flows.sim().get("/sim/org").then().statusCode(200).extract().jsonPath();
        Map<String, Object> directory = new HashMap<>();
        directory.put("provider", "JUMPCLOUD");
        directory.put("apiBaseUrl", stack.sim().url());
        directory.put("apiKey", org.getString("apiKey"));
        directory.put("orgId", org.getString("orgId"));
        directory.put("applicationId", appId);
        directory.put("groupRoleMappings", Map.of("Story Admins", "ADMIN", "Story Agents", "AGENT"));
        directory.put("defaultRole", "AGENT");
        directory.put("syncIntervalSeconds", 0);
        directory.put("revokeBrake", Map.of("maxFraction", 0.5, "minCount", 3));
        directory.put("scimEnabled", true);
        flows.operator()
                .body(directory)
                .put(stack.directory().url() + "/api/accounts/" + ACCOUNT + "/directory")
                .then()
                .statusCode(anyOf(equalTo(200), equalTo(201)))
                .body(not(containsString(org.getString("apiKey"))));

        JsonPath sync = sync(false);
        assertEquals("APPLIED", sync.getString("status"));
        assertEquals(8, sync.getInt("granted"));

        Map<String, Object> ada = Flows.await("ada provisioned as ADMIN", CONVERGE, () -> {
            Map<String, Object> u = flows.userByEmail(ACCOUNT, email("ada"));
            return u != null && "ADMIN".equals(u.get("role")) ? u : null;
        });
        assertEquals("GROUP_MAPPING", ada.get("roleProvenance"));
        for (String name : simUsers.keySet()) {
            Flows.await(name + " active", CONVERGE, () -> {
                Map<String, Object> u = flows.userByEmail(ACCOUNT, email(name));
                return u != null && "ACTIVE".equals(u.get("status"));
            });
        }
    }

    @Test
    @Order(4)
    void removalFromTheGroupRevokesThroughScimPushEndsTheSessionAndReAddingRestores() {
        JsonPath scim = flows.operator()
                .post(stack.directory().url() + "/api/accounts/" + ACCOUNT + "/directory/scim-token")
                .then()
                .statusCode(anyOf(equalTo(200), equalTo(201)))
                .extract()
                .jsonPath();
        setScim(Map.of("baseUrl", scim.getString("baseUrl"), "token", scim.getString("token")));
        flows.sim().post("/sim/scim/drain").then().statusCode(200);

        for (int trial = 0; trial < 5; trial++) {
            String name = trial % 2 == 0 ? "alan" : "linus";
            String cookie = Flows.sessionCookie(flows.spInitiated(email(name)));
            flows.session(cookie).then().statusCode(200);

            long start = System.nanoTime();
            flows.sim()
                    .delete("/sim/groups/" + agentsGroup + "/members/" + simUsers.get(name))
                    .then()
                    .statusCode(204);
            Flows.await(
                    name + "'s session refused after removal (SCIM)",
                    CONVERGE,
                    () -> flows.session(cookie).statusCode() == 401);
            latencies.computeIfAbsent("SCIM push", k -> new ArrayList<>()).add((System.nanoTime() - start) / 1_000_000);

            Flows.await(
                    name + " revoked in user-service",
                    CONVERGE,
                    () -> "REVOKED"
                            .equals(flows.userByEmail(ACCOUNT, email(name)).get("status")));
            // JumpCloud itself no longer signs them in
            flows.anonymous()
                    .queryParam("email", email(name))
                    .queryParam("auto", "1")
                    .get(stack.sim().url() + "/saml2/" + APP)
                    .then()
                    .statusCode(403)
                    .body(containsString("User not recognized"));

            flows.sim()
                    .put("/sim/groups/" + agentsGroup + "/members/" + simUsers.get(name))
                    .then()
                    .statusCode(204);
            Flows.await(
                    name + " restored",
                    CONVERGE,
                    () -> "ACTIVE"
                            .equals(flows.userByEmail(ACCOUNT, email(name)).get("status")));
            String again = Flows.await(name + " signs in again", CONVERGE, () -> {
                Response r = flows.spInitiated(email(name));
                return r.statusCode() == 303 ? r.getCookie("GH_SESSION") : null;
            });
            flows.session(again).then().statusCode(200);
        }
    }

    @Test
    @Order(5)
    void withScimOffPollingReconciliationRevokesAndRestores() {
        setScim(null);
        flows.operator()
                .body(directoryWith(Map.of("syncIntervalSeconds", 30)))
                .put(stack.directory().url() + "/api/accounts/" + ACCOUNT + "/directory")
                .then()
                .statusCode(anyOf(equalTo(200), equalTo(201)));
        for (int trial = 0; trial < 2; trial++) {
            String name = trial == 0 ? "mia" : "noah";
            String cookie = Flows.sessionCookie(flows.spInitiated(email(name)));
            long start = System.nanoTime();
            flows.sim()
                    .delete("/sim/groups/" + agentsGroup + "/members/" + simUsers.get(name))
                    .then()
                    .statusCode(204);
            Flows.await(
                    name + "'s session refused after removal (polling)",
                    Duration.ofSeconds(90),
                    () -> flows.session(cookie).statusCode() == 401);
            latencies
                    .computeIfAbsent("polling (interval 30 s)", k -> new ArrayList<>())
                    .add((System.nanoTime() - start) / 1_000_000);
            flows.sim()
                    .put("/sim/groups/" + agentsGroup + "/members/" + simUsers.get(name))
                    .then()
                    .statusCode(204);
            Flows.await(
                    name + " restored by polling",
                    Duration.ofSeconds(90),
                    () -> "ACTIVE"
                            .equals(flows.userByEmail(ACCOUNT, email(name)).get("status")));
        }
        flows.operator()
                .body(directoryWith(Map.of("syncIntervalSeconds", 0)))
                .put(stack.directory().url() + "/api/accounts/" + ACCOUNT + "/directory")
                .then()
                .statusCode(anyOf(equalTo(200), equalTo(201)));
    }

    @Test
    @Order(6)
    void aChangeThatWouldRevokeMostOfTheAccountIsHeldUntilApproved() {
        flows.sim()
                .delete("/sim/apps/" + appId + "/groups/" + agentsGroup)
                .then()
                .statusCode(204);
        JsonPath held = sync(false);
        assertEquals("HELD", held.getString("status"));
        assertEquals(7, held.getInt("revoked"));
        String syncId = held.getString("syncId");
        flows.operator()
                .get(stack.directory().url() + "/api/accounts/" + ACCOUNT + "/directory/syncs/" + syncId)
                .then()
                .statusCode(200)
                .body("status", equalTo("HELD"));
        Stack.sleep(1000);
        assertEquals("ACTIVE", flows.userByEmail(ACCOUNT, email("alan")).get("status"), "nothing applied while held");

        flows.operator()
                .post(stack.directory().url() + "/api/accounts/" + ACCOUNT + "/directory/syncs/" + syncId + "/approve")
                .then()
                .statusCode(200);
        for (String name : List.of("alan", "grace", "linus", "mia", "noah", "olivia", "peter")) {
            Flows.await(
                    name + " revoked after approval",
                    CONVERGE,
                    () -> "REVOKED"
                            .equals(flows.userByEmail(ACCOUNT, email(name)).get("status")));
        }
        assertEquals("ACTIVE", flows.userByEmail(ACCOUNT, email("ada")).get("status"));

        // bind the group again: everyone comes back (a grant is never held)
        flows.sim().put("/sim/apps/" + appId + "/groups/" + agentsGroup).then().statusCode(204);
        assertEquals("APPLIED", sync(false).getString("status"));
        for (String name : List.of("alan", "grace", "linus", "mia", "noah", "olivia", "peter")) {
            Flows.await(
                    name + " restored",
                    CONVERGE,
                    () -> "ACTIVE"
                            .equals(flows.userByEmail(ACCOUNT, email(name)).get("status")));
        }
    }

    @Test
    @Order(7)
    void stoppingTheBrokerMidFlowLosesNothingAndAppliesNothingTwice() {
        List<String> newcomers = List.of("quinn", "rosa", "sam");
        Kafka.get().broker().stop();
        try {
            for (String name : newcomers) {
                simUsers.put(name, flows.createSimUser(email(name), cap(name), "Story"));
                flows.sim()
                        .put("/sim/groups/" + agentsGroup + "/members/" + simUsers.get(name))
                        .then()
                        .statusCode(204);
            }
            assertEquals("APPLIED", sync(false).getString("status"), "the sync commits to the outbox with Kafka down");
            // a login works without Kafka too: the session is local, the event waits in the outbox
            String cookie = Flows.sessionCookie(flows.idpInitiated(APP, email("olivia")));
            flows.session(cookie).then().statusCode(200);
        } finally {
            Kafka.get().broker().start();
        }
        for (String name : newcomers) {
            Flows.await(name + " provisioned after the broker came back", Duration.ofSeconds(120), () -> {
                Map<String, Object> u = flows.userByEmail(ACCOUNT, email(name));
                return u != null && "ACTIVE".equals(u.get("status"));
            });
        }
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            List<GatehouseEvent> provisioned = kafka.events(
                    Topics.USERS,
                    Duration.ofSeconds(10),
                    e -> e instanceof UserProvisioned p
                            && p.accountId().equals(ACCOUNT)
                            && newcomers.stream()
                                    .anyMatch(n -> email(n).equals(p.email().toLowerCase(Locale.ROOT))),
                    Integer.MAX_VALUE);
            Map<String, Long> distinctPerPerson = new HashMap<>();
            provisioned.stream()
                    .map(e -> (UserProvisioned) e)
                    .map(p -> p.email() + "/" + p.eventId())
                    .distinct()
                    .forEach(k -> distinctPerPerson.merge(k.substring(0, k.indexOf('/')), 1L, Long::sum));
            for (String name : newcomers) {
                assertEquals(1L, distinctPerPerson.getOrDefault(email(name), 0L), name + " provisioned exactly once");
            }
        }
    }

    @Test
    @Order(8)
    void eachConfigurationMistakeOfTheTroubleshootingTableShowsItsCategory() {
        // user not in an assigned group: JumpCloud refuses them itself
        String outsider = flows.createSimUser(email("outsider"), "Out", "Sider");
        flows.anonymous()
                .queryParam("email", email("outsider"))
                .queryParam("auto", "1")
                .get(stack.sim().url() + "/saml2/" + APP)
                .then()
                .statusCode(403)
                .body(containsString("User not recognized"));
        assertTrue(outsider != null);

        // ACS / entity ID mismatch: a JumpCloud app whose SP Entity ID is not ours
        Map<String, Object> wrongEntity = new HashMap<>();
        wrongEntity.put("name", "story-wrong-entity");
        wrongEntity.put("spEntityId", "https://app.example.com/saml/metadata");
        wrongEntity.put("acsUrl", stack.sso().url() + "/saml/" + ACCOUNT + "/acs");
        wrongEntity.put("idpEntityId", "https://sso.jumpcloud.com/saml2/" + APP);
        wrongEntity.put("groupIds", List.of(adminsGroup));
        String wrongEntityApp = flows.sim()
                .body(wrongEntity)
                .post("/sim/apps")
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        // the admin trusts that app's certificate too, so the signature passes and the audience check speaks
        trust(List.of(appId, wrongEntityApp));
        Response wrongEntityAcs = flows.idpInitiated("story-wrong-entity", email("ada"));
        assertCategory(wrongEntityAcs, "Response issue");
        assertTrue(
                wrongEntityAcs.asString().contains("into SP Entity ID in the JumpCloud application"),
                "the page says which field to copy where");

        // attribute names wrong: email is sent as "mail", first/last names in JumpCloud's lowercase
        Map<String, Object> wrongAttributes = new HashMap<>(wrongEntity);
        wrongAttributes.put("name", "story-wrong-attributes");
        wrongAttributes.put("spEntityId", stack.sso().url() + "/saml/" + ACCOUNT + "/metadata");
        wrongAttributes.put("nameIdFormat", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
        wrongAttributes.put("attributes", Map.of("mail", "email", "firstname", "firstname", "lastname", "lastname"));
        String wrongAttributesApp = flows.sim()
                .body(wrongAttributes)
                .post("/sim/apps")
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        trust(List.of(appId, wrongEntityApp, wrongAttributesApp));
        assertCategory(flows.idpInitiated("story-wrong-attributes", email("ada")), "Attribute mapping error");

        // JumpCloud's Signature Algorithm left at RSA-SHA1: a Response issue naming that setting, not the certificate
        Map<String, Object> sha1 = new HashMap<>(wrongEntity);
        sha1.put("name", "story-sha1");
        sha1.put("spEntityId", stack.sso().url() + "/saml/" + ACCOUNT + "/metadata");
        sha1.put("signatureAlgorithm", "RSA-SHA1");
        String sha1App = flows.sim()
                .body(sha1)
                .post("/sim/apps")
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        trust(List.of(appId, wrongEntityApp, wrongAttributesApp, sha1App));
        Response sha1Acs = flows.idpInitiated("story-sha1", email("ada"));
        assertCategory(sha1Acs, "Response issue");
        assertTrue(sha1Acs.asString().contains("set Signature Algorithm to RSA-SHA256"), sha1Acs.asString());

        // wrong certificate: JumpCloud's certificate was rotated and the new one never uploaded here
        flows.sim().post("/sim/apps/" + appId + "/certificate/rotate").then().statusCode(200);
        assertCategory(flows.idpInitiated(APP, email("ada")), "Certificate error");
    }

    private static void assertCategory(Response acs, String category) {
        assertTrue(acs.statusCode() >= 400 && acs.statusCode() < 500, "4xx, got " + acs.statusCode());
        String html = acs.asString();
        assertTrue(html.contains(category), "the page names the category '" + category + "': " + html);
        assertTrue(html.contains("Reference"), "the page gives a reference id");
        assertTrue(acs.getCookie("GH_SESSION") == null, "no session");
    }

    /** Sets the account's trusted IdP certificates to those the given simulator apps sign with now. */
    private static void trust(List<String> simAppIds) {
        List<String> pems = new ArrayList<>();
        for (String id : simAppIds) {
            pems.add(flows.sim()
                    .get("/sim/apps/" + id + "/certificate")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
        }
        JsonPath current = flows.operator()
                .get(stack.sso().url() + "/api/accounts/" + ACCOUNT + "/sso")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> sso = new HashMap<>();
        sso.put("enabled", true);
        sso.put("idpEntityId", current.getString("idpEntityId"));
        sso.put("idpSsoUrl", current.getString("idpSsoUrl"));
        sso.put("idpCertificatesPem", pems);
        sso.put("defaultRole", "AGENT");
        sso.put("allowIdpInitiated", true);
        sso.put("clockSkewSeconds", 120);
        sso.put("authnRequestBinding", "REDIRECT");
        flows.operator()
                .body(sso)
                .put(stack.sso().url() + "/api/accounts/" + ACCOUNT + "/sso")
                .then()
                .statusCode(200);
    }

    private static JsonPath sync(boolean dryRun) {
        return Flows.await("a sync run that is not refused as in progress", CONVERGE, () -> {
            Response r = flows.operator()
                    .queryParam("dryRun", dryRun)
                    .post(stack.directory().url() + "/api/accounts/" + ACCOUNT + "/directory/sync?wait=true");
            return r.statusCode() == 200 || r.statusCode() == 201 ? r.jsonPath() : null;
        });
    }

    private static Map<String, Object> directoryWith(Map<String, Object> changes) {
        Map<String, Object> current = flows.operator()
                .get(stack.directory().url() + "/api/accounts/" + ACCOUNT + "/directory")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        Map<String, Object> body = new HashMap<>();
        for (String key : List.of(
                "provider",
                "apiBaseUrl",
                "orgId",
                "applicationId",
                "groupRoleMappings",
                "defaultRole",
                "syncIntervalSeconds",
                "revokeBrake",
                "scimEnabled")) {
            body.put(key, current.get(key));
        }
        body.putAll(changes);
        return body;
    }

    /** Turns JumpCloud's Identity Management (SCIM push) on or off for the app. */
    private static void setScim(Map<String, String> scim) {
        Map<String, Object> app = new HashMap<>(flows.sim()
                .get("/sim/apps/" + appId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap(""));
        for (String k : List.of("_id", "certificate", "previousCertificate", "ssoUrl", "metadataUrl", "groupIds")) {
            app.remove(k);
        }
        app.put("scim", scim);
        flows.sim().body(app).put("/sim/apps/" + appId).then().statusCode(200);
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static {
        // keep EventJson loaded for the Kafka assertions
        EventJson.mapper();
    }
}
