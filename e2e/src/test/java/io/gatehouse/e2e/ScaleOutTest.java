package io.gatehouse.e2e;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.Role;
import io.gatehouse.events.Topics;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.testsupport.KafkaTestClient;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of each service on one PostgreSQL and one broker, as on Kubernetes: request state, the replay
 * cache and sessions are shared through PostgreSQL, reconciliation is one replica at a time, and consumer groups
 * split the work without losing or repeating any of it.
 */
class ScaleOutTest {
    static Stack stack;
    static Flows flows;
    static Stack.Service ssoB;

    @BeforeAll
    static void replicas() {
        stack = Stack.get();
        flows = new Flows(stack);
        ssoB = stack.replica("sso-service");
    }

    private static String rehome(String url, Stack.Service replica) {
        return url.replace(stack.sso().url(), replica.url());
    }

    @Test
    void aResponseReplayedAtTheOtherReplicaIsRefused() {
        Flows.Account acc = flows.ssoAccount("replay", "replay.test", List.of("ann"));
        JsonPath signed = flows.anonymous()
                .accept("application/json")
                .queryParam("email", "ann@replay.test")
                .queryParam("auto", "1")
                .get(stack.sim().url() + "/saml2/" + acc.appName())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Response first = flows.anonymous()
                .contentType("application/x-www-form-urlencoded")
                .formParam("SAMLResponse", signed.getString("SAMLResponse"))
                .post(signed.getString("acsUrl"));
        Flows.sessionCookie(first);
        Response replayed = flows.anonymous()
                .contentType("application/x-www-form-urlencoded")
                .formParam("SAMLResponse", signed.getString("SAMLResponse"))
                .post(rehome(signed.getString("acsUrl"), ssoB));
        assertEquals(400, replayed.statusCode());
        assertTrue(replayed.asString().contains("Response issue"));
        assertTrue(replayed.getCookie("GH_SESSION") == null);
    }

    @Test
    void aPendingAuthnRequestCompletesAtEitherReplicaAndTheSessionWorksAtBoth() {
        flows.ssoAccount("either", "either.test", List.of("bob", "cy"));
        for (String person : List.of("bob", "cy")) {
            Response start = flows.anonymous()
                    .contentType("application/x-www-form-urlencoded")
                    .header("Sec-Fetch-Site", "same-origin")
                    .formParam("email", person + "@either.test")
                    .post(stack.sso().url() + "/sso/login");
            assertEquals(302, start.statusCode());
            JsonPath signed = flows.anonymous()
                    .accept("application/json")
                    .urlEncodingEnabled(false)
                    .get(start.header("Location") + "&email=" + person + "%40either.test&auto=1")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            Response acs = flows.anonymous()
                    .contentType("application/x-www-form-urlencoded")
                    .cookie("GH_LOGIN", start.getCookie("GH_LOGIN"))
                    .formParam("SAMLResponse", signed.getString("SAMLResponse"))
                    .formParam("RelayState", signed.getString("RelayState"))
                    .post(rehome(signed.getString("acsUrl"), ssoB));
            String cookie = Flows.sessionCookie(acs);
            flows.anonymous()
                    .cookie("GH_SESSION", cookie)
                    .get(stack.sso().url() + "/api/session")
                    .then()
                    .statusCode(200)
                    .body("email", equalTo(person + "@either.test"));
            flows.anonymous()
                    .cookie("GH_SESSION", cookie)
                    .get(ssoB.url() + "/api/session")
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void onlyOneReplicaReconcilesAnAccountAtATime() throws Exception {
        Flows.Account acc = flows.ssoAccount("onesync", "onesync.test", List.of("dee", "eve"));
        Stack.Service directoryB = stack.replica("directory-service");
        try {
            JsonPath org =
                    flows.sim().get("/sim/org").then().statusCode(200).extract().jsonPath();
            Map<String, Object> directory = new HashMap<>();
            directory.put("provider", "JUMPCLOUD");
            directory.put("apiBaseUrl", stack.sim().url());
            directory.put("apiKey", org.getString("apiKey"));
            directory.put("orgId", org.getString("orgId"));
            directory.put("applicationId", acc.appId());
            directory.put("groupRoleMappings", Map.of());
            directory.put("defaultRole", "AGENT");
            directory.put("syncIntervalSeconds", 0);
            directory.put("revokeBrake", Map.of("maxFraction", 0.5, "minCount", 3));
            directory.put("scimEnabled", false);
            flows.operator()
                    .body(directory)
                    .put(stack.directory().url() + "/api/accounts/onesync/directory")
                    .then()
                    .statusCode(anyOf(equalTo(200), equalTo(201)));
            // a slow JumpCloud keeps the first run busy while the other replica is asked
            flows.sim()
                    .body(Map.of("type", "SLOW", "pathPrefix", "/api/v2/applications", "delayMillis", 3000, "count", 1))
                    .post("/sim/faults")
                    .then()
                    .statusCode(201);
            CompletableFuture<Response> a = CompletableFuture.supplyAsync(() ->
                    flows.operator().post(stack.directory().url() + "/api/accounts/onesync/directory/sync?wait=true"));
            Stack.sleep(1000);
            Response b = flows.operator().post(directoryB.url() + "/api/accounts/onesync/directory/sync?wait=true");
            Response first = a.get();
            assertEquals(200, first.statusCode(), first.asString());
            assertEquals("APPLIED", first.jsonPath().getString("status"));
            assertEquals(409, b.statusCode(), b.asString());
            assertEquals("sync_in_progress", b.jsonPath().getString("code"));
            // once the first has finished, the other replica runs it (and finds nothing to change)
            Response later = flows.operator().post(directoryB.url() + "/api/accounts/onesync/directory/sync?wait=true");
            assertEquals(200, later.statusCode());
            assertEquals(0, later.jsonPath().getInt("granted"));
        } finally {
            flows.sim().delete("/sim/faults");
            directoryB.stop();
        }
    }

    @Test
    void consumerReplicasSplitTheWorkAndOneKilledMidBatchLosesNothingAndRepeatsNothing() {
        flows.operator()
                .body(Map.of("name", "split", "plan", "BUSINESS"))
                .put(stack.users().url() + "/api/accounts/split")
                .then()
                .statusCode(201);
        Stack.Service usersB = stack.replica("user-service");
        int n = 600;
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (int i = 0; i < n; i++) {
                kafka.publish(MemberGranted.of(
                        Instant.now(),
                        "split",
                        "ext" + i,
                        "p" + i + "@split.test",
                        "P",
                        "" + i,
                        List.of("Agents"),
                        Role.AGENT,
                        true,
                        MemberSource.SYNC));
                if (i == n / 3) {
                    usersB.kill();
                }
            }
            Flows.await(
                    "all " + n + " members applied",
                    Duration.ofSeconds(120),
                    () -> flows.operator()
                                    .queryParam("size", 1)
                                    .get(stack.users().url() + "/api/accounts/split/users")
                                    .jsonPath()
                                    .getInt("total")
                            == n);
            List<GatehouseEvent> provisioned = kafka.events(
                    Topics.USERS,
                    Duration.ofSeconds(15),
                    e -> e instanceof UserProvisioned p && p.accountId().equals("split"),
                    Integer.MAX_VALUE);
            Map<String, Set<java.util.UUID>> idsPerPerson = new HashMap<>();
            provisioned.forEach(e -> idsPerPerson
                    .computeIfAbsent(((UserProvisioned) e).email(), k -> new HashSet<>())
                    .add(e.eventId()));
            assertEquals(n, idsPerPerson.size(), "everyone provisioned");
            idsPerPerson.forEach((email, ids) -> assertEquals(1, ids.size(), email + " provisioned exactly once"));
        } finally {
            usersB.stop();
        }
    }

    @Test
    void aRollingRestartUnderSteadyLoginsDropsNoAcceptedLogin() throws Exception {
        int people = 40;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            names.add("r" + i);
        }
        Flows.Account acc = flows.ssoAccount("rolling", "rolling.test", names);
        List<Stack.Service> replicas = List.of(stack.sso(), ssoB);
        Map<String, String> accepted = new ConcurrentHashMap<>();
        CompletableFuture<Void> restarts = CompletableFuture.runAsync(() -> {
            Stack.sleep(500);
            ssoB.stop();
            ssoB.start();
        });
        int i = 0;
        try {
            while (i < people) {
                String person = names.get(i);
                JsonPath signed = flows.anonymous()
                        .accept("application/json")
                        .queryParam("email", person + "@rolling.test")
                        .queryParam("auto", "1")
                        .get(stack.sim().url() + "/saml2/" + acc.appName())
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                Stack.Service target = replicas.get(i % 2);
                try {
                    Response r = flows.anonymous()
                            .contentType("application/x-www-form-urlencoded")
                            .formParam("SAMLResponse", signed.getString("SAMLResponse"))
                            .post(rehome(signed.getString("acsUrl"), target));
                    if (r.statusCode() == 303) {
                        accepted.put(person, r.getCookie("GH_SESSION"));
                    }
                } catch (Exception connectionRefused) {
                    // the load balancer would have sent it elsewhere: not accepted, so nothing to keep
                }
                i++;
            }
        } finally {
            restarts.get();
        }
        assertTrue(accepted.size() >= people / 2, "most logins were accepted: " + accepted.size());
        for (Map.Entry<String, String> login : accepted.entrySet()) {
            flows.anonymous()
                    .cookie("GH_SESSION", login.getValue())
                    .get(stack.sso().url() + "/api/session")
                    .then()
                    .statusCode(200);
            Flows.await(
                    login.getKey() + " created in user-service",
                    Duration.ofSeconds(60),
                    () -> flows.userByEmail("rolling", login.getKey() + "@rolling.test"));
        }
    }
}
