package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
        // JumpCloud's Identity Management pushes the members without externalId
        String base = flows.scimDirectory(account, false).directoryBase();
        for (String person : PEOPLE) {
            Flows.await(person + " provisioned by SCIM", CONVERGE, () -> {
                Map<String, Object> u = flows.userByEmail(ACCOUNT, person + "@" + DOMAIN);
                return u != null
                        && "ACTIVE".equals(u.get("status"))
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
            Flows.await(
                    person + " known by the JumpCloud id",
                    CONVERGE,
                    () -> jcId.equals(
                            flows.userByEmail(ACCOUNT, person + "@" + DOMAIN).get("externalId")));
        }

        // SCIM again (a name change, still without externalId), then another reconciliation
        flows.sim()
                .body(Map.of("firstname", "Annie"))
                .patch("/sim/users/" + account.simUserIds().get("ann"))
                .then()
                .statusCode(200);
        flows.sim().post("/sim/scim/drain").then().statusCode(200);
        Flows.await(
                "ann's new name",
                CONVERGE,
                () -> "Annie".equals(flows.userByEmail(ACCOUNT, "ann@" + DOMAIN).get("firstName")));
        JsonPath again = sync(base);
        assertEquals(0, again.getInt("revoked"), again.prettify());
        assertEquals(0, again.getInt("granted"), again.prettify());

        JsonPath users = flows.operator()
                .queryParam("size", 200)
                .get(stack.users().url() + "/api/accounts/" + ACCOUNT + "/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
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
        return flows.sync(base);
    }
}
