package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 point 9 on the real stack: membership churns in JumpCloud while directory-service is down; after its
 * restart JumpCloud replays the pushes it queued, old states included ({@code active=false} for people it has
 * restored since), and the next poll runs. Access follows JumpCloud's final membership with no grant/revoke flip:
 * the restored members are never revoked and sign in, the real leaver is revoked once.
 */
class ScimReplayTest {
    static final String ACCOUNT = "scimreplay";
    static final String DOMAIN = "scimreplay.test";
    static final Duration CONVERGE = Duration.ofSeconds(60);
    static final List<String> PEOPLE = List.of("ann", "bob", "cy");
    static final String DEACTIVATE = """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"replace","path":"active","value":false}]}""";

    static Stack stack;
    static Flows flows;

    @BeforeAll
    static void startStack() {
        stack = Stack.get();
        flows = new Flows(stack);
    }

    @Test
    void replayedPushesAfterAnOutageFlipNobodyAndTheLeaverIsRevokedOnce() {
        Flows.Account account = flows.ssoAccount(ACCOUNT, DOMAIN, PEOPLE);
        // JumpCloud's Identity Management pushes the members (with externalId), then a poll agrees
        Flows.ScimDirectory scim = flows.scimDirectory(account, true);
        String base = scim.directoryBase();
        String scimBase = scim.scimBase();
        String token = scim.token();
        JsonPath first = sync(base);
        assertEquals(0, first.getInt("revoked"), first.prettify());
        Map<String, String> scimIds = new HashMap<>();
        for (String person : PEOPLE) {
            Flows.await(
                    person + " active",
                    CONVERGE,
                    () -> "ACTIVE"
                            .equals(flows.userByEmail(ACCOUNT, person + "@" + DOMAIN)
                                    .get("status")));
            scimIds.put(
                    person,
                    RestAssured.given()
                            .header("Authorization", "Bearer " + token)
                            .queryParam(
                                    "filter",
                                    "externalId eq \"" + account.simUserIds().get(person) + "\"")
                            .get(scimBase + "/Users")
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("Resources[0].id"));
        }

        // outage: directory-service is down while JumpCloud churns; its pushes of that time are queued
        stack.directory().kill();
        String bob = account.simUserIds().get("bob");
        String ann = account.simUserIds().get("ann");
        String cy = account.simUserIds().get("cy");
        flows.sim()
                .body(Map.of("suspended", true))
                .patch("/sim/users/" + bob)
                .then()
                .statusCode(200);
        flows.sim()
                .body(Map.of("suspended", false))
                .patch("/sim/users/" + bob)
                .then()
                .statusCode(200);
        flows.sim()
                .delete("/sim/groups/" + account.groupId() + "/members/" + ann)
                .then()
                .statusCode(204);
        flows.sim()
                .put("/sim/groups/" + account.groupId() + "/members/" + ann)
                .then()
                .statusCode(204);
        flows.sim()
                .delete("/sim/groups/" + account.groupId() + "/members/" + cy)
                .then()
                .statusCode(204);
        flows.sim().post("/sim/scim/drain").then().statusCode(200);
        stack.directory().start();

        // JumpCloud replays what it queued, in its own order: old deactivations of bob and ann, cy's real one
        for (String person : List.of("cy", "bob", "ann")) {
            Response r = RestAssured.given()
                    .header("Authorization", "Bearer " + token)
                    .contentType("application/scim+json")
                    .body(DEACTIVATE)
                    .patch(scimBase + "/Users/" + scimIds.get(person));
            assertEquals(200, r.statusCode(), r.asString());
        }
        Flows.await(
                "cy revoked",
                CONVERGE,
                () -> !"ACTIVE"
                        .equals(flows.userByEmail(ACCOUNT, "cy@" + DOMAIN).get("status")));
        // the next poll: nothing to restore, nothing to revoke
        JsonPath poll = sync(base);
        assertEquals(0, poll.getInt("granted"), poll.prettify());
        assertEquals(0, poll.getInt("revoked"), poll.prettify());

        for (String person : List.of("ann", "bob")) {
            Map<String, Object> u = flows.userByEmail(ACCOUNT, person + "@" + DOMAIN);
            assertEquals("ACTIVE", u.get("status"), String.valueOf(u));
            assertNull(u.get("statusChangedAt"), person + " flipped: " + u);
            assertEquals(303, flows.spInitiated(person + "@" + DOMAIN).statusCode(), person + " cannot sign in");
        }
        Map<String, Object> leaver = flows.userByEmail(ACCOUNT, "cy@" + DOMAIN);
        assertEquals("REVOKED", leaver.get("status"), String.valueOf(leaver));
        Flows.await(
                "cy refused", CONVERGE, () -> flows.spInitiated("cy@" + DOMAIN).statusCode() != 303);
    }

    private static JsonPath sync(String base) {
        return flows.sync(base);
    }
}
