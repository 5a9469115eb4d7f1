package io.gatehouse.e2e;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Issue 16 point 1 on the real stack: JumpCloud pushes members over SCIM without {@code externalId}, the polling
 * reconciliation then sees the same people by their JumpCloud ids, and SCIM pushes again. Nobody is revoked (their
 * status never changes), nobody is duplicated (one user per person), and user-service ends with the JumpCloud ids.
 */
class ScimIdentityTest {
    static final String ACCOUNT = "scimident";
    static final String DOMAIN = "scimident.test";
    static final Duration CONVERGE = Duration.ofSeconds(60);
    static final List<String> PEOPLE = List.of("ann", "bob", "cy");

    static Stack stack;
    static Flows flows;

    @BeforeAll
    static void startStack() {
        stack = Stack.get();
        flows = new Flows(stack);
    }

    @Test
    void scimWithoutExternalIdThenReconciliationThenScimAgainRevokesNobodyAndDuplicatesNobody() {
        Flows.Account account = flows.ssoAccount(ACCOUNT, DOMAIN, PEOPLE);
        JsonPath org = flows.sim().get("/sim/org").then().statusCode(200).extract().jsonPath();
        Map<String, Object> directory = new HashMap<>();
        directory.put("provider", "JUMPCLOUD");
        directory.put("apiBaseUrl", stack.sim().url());
        directory.put("apiKey", org.getString("apiKey"));
        directory.put("orgId", org.getString("orgId"));
        directory.put("applicationId", account.appId());
        directory.put("groupRoleMappings", Map.of());
        directory.put("defaultRole", "AGENT");
        directory.put("syncIntervalSeconds", 0);
        directory.put("scimEnabled", true);
        String base = stack.directory().url() + "/api/accounts/" + ACCOUNT + "/directory";
        flows.operator().body(directory).put(base).then().statusCode(anyOf(equalTo(200), equalTo(201)));
        JsonPath scim = flows.operator().post(base + "/scim-token").then()
                .statusCode(anyOf(equalTo(200), equalTo(201))).extract().jsonPath();

        // JumpCloud's Identity Management pushes the members without externalId
        Map<String, Object> app = new HashMap<>(flows.sim().get("/sim/apps/" + account.appId()).then().statusCode(200)
                .extract().jsonPath().getMap(""));
        for (String k : List.of("_id", "certificate", "previousCertificate", "ssoUrl", "metadataUrl", "groupIds")) {
            app.remove(k);
        }
        app.put("scim", Map.of("baseUrl", scim.getString("baseUrl"), "token", scim.getString("token"),
                "sendExternalId", false));
        flows.sim().body(app).put("/sim/apps/" + account.appId()).then().statusCode(200);
        flows.sim().post("/sim/scim/drain").then().statusCode(200);
        for (String person : PEOPLE) {
            Flows.await(person + " provisioned by SCIM", CONVERGE, () -> {
                Map<String, Object> u = flows.userByEmail(ACCOUNT, person + "@" + DOMAIN);
                return u != null && "ACTIVE".equals(u.get("status"))
                        && String.valueOf(u.get("externalId")).startsWith("scim:");
            });
        }

        // the reconciliation finds the same people by email: their JumpCloud ids, no revocation
        JsonPath run = sync(base);
        assertEquals("APPLIED", run.getString("status"), run.prettify());
        assertEquals(0, run.getInt("revoked"), run.prettify());
        assertEquals(0, run.getInt("granted"), run.prettify());
        assertEquals(0, run.getInt("unresolved"), run.prettify());
        for (String person : PEOPLE) {
            String jcId = account.simUserIds().get(person);
            Flows.await(person + " known by the JumpCloud id", CONVERGE, () -> jcId.equals(
                    flows.userByEmail(ACCOUNT, person + "@" + DOMAIN).get("externalId")));
        }

        // SCIM again (a name change, still without externalId), then another reconciliation
        flows.sim().body(Map.of("firstname", "Annie")).patch("/sim/users/" + account.simUserIds().get("ann"))
                .then().statusCode(200);
        flows.sim().post("/sim/scim/drain").then().statusCode(200);
        Flows.await("ann's new name", CONVERGE,
                () -> "Annie".equals(flows.userByEmail(ACCOUNT, "ann@" + DOMAIN).get("firstName")));
        JsonPath again = sync(base);
        assertEquals(0, again.getInt("revoked"), again.prettify());
        assertEquals(0, again.getInt("granted"), again.prettify());

        JsonPath users = flows.operator().queryParam("size", 200)
                .get(stack.users().url() + "/api/accounts/" + ACCOUNT + "/users").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(PEOPLE.size(), users.getInt("total"), "one user per person: " + users.prettify());
        for (String person : PEOPLE) {
            Map<String, Object> u = flows.userByEmail(ACCOUNT, person + "@" + DOMAIN);
            assertEquals("ACTIVE", u.get("status"), String.valueOf(u));
            assertNull(u.get("statusChangedAt"), person + " was revoked at some point: " + u);
            assertEquals(account.simUserIds().get(person), u.get("externalId"), String.valueOf(u));
            // and signs in
            Response acs = flows.spInitiated(person + "@" + DOMAIN);
            assertEquals(303, acs.statusCode(), person + " cannot sign in");
        }
    }

    private static JsonPath sync(String base) {
        return Flows.await("a sync run", CONVERGE, () -> {
            Response r = flows.operator().post(base + "/sync?wait=true");
            return r.statusCode() == 200 ? r.jsonPath() : null;
        });
    }
}
