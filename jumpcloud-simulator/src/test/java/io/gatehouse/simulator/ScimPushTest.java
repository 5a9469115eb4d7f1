package io.gatehouse.simulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact SCIM requests JumpCloud-style push sends for each directory change, recorded by a real SCIM target. */
@QuarkusTest
class ScimPushTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private FakeScimServer scim;

    @BeforeEach
    void setUp() throws Exception {
        Sim.reset();
        scim = new FakeScimServer();
    }

    @AfterEach
    void tearDown() {
        Sim.reset();
        scim.close();
    }

    /** Waits for the push to finish (the log endpoint drains the queues), then takes what the target received. */
    private List<FakeScimServer.Request> pushed() {
        given().get("/sim/scim-log").then().statusCode(200);
        return scim.takeRequests();
    }

    private String scimApp(String... groupIds) {
        Map<String, Object> body = Sim.appBody("crm");
        body.put("scim", Map.of("baseUrl", scim.baseUrl(), "token", "scim-secret"));
        body.put("groupIds", List.of(groupIds));
        return Sim.app(body);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void recordedSequenceForEveryKindOfChange() throws Exception {
        String ada = Sim.user("ada@acme.test", "Ada", "Lovelace");
        String agents = Sim.group("Agents");
        String appId = scimApp(agents);

        List<FakeScimServer.Request> activation = pushed();
        assertEquals(
                List.of("GET /Users", "POST /Groups"),
                activation.stream().map(FakeScimServer.Request::line).toList());
        assertEquals(
                json("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Agents\","
                        + "\"externalId\":\"" + agents + "\"}"),
                activation.get(1).body());
        for (FakeScimServer.Request request : activation) {
            assertEquals("Bearer scim-secret", request.authorization());
        }
        assertEquals("application/scim+json", activation.get(1).contentType());

        // bind: the user joins a group bound to the app
        Sim.addMember(agents, ada);
        List<FakeScimServer.Request> bind = pushed();
        assertEquals(
                List.of("GET /Users?filter=userName eq \"ada@acme.test\"", "POST /Users", "PATCH /Groups/g1"),
                bind.stream().map(FakeScimServer.Request::line).toList());
        assertEquals(
                json("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"ada@acme.test\","
                        + "\"externalId\":\"" + ada + "\",\"name\":{\"givenName\":\"Ada\",\"familyName\":\"Lovelace\"},"
                        + "\"displayName\":\"Ada Lovelace\",\"emails\":[{\"value\":\"ada@acme.test\",\"type\":\"work\","
                        + "\"primary\":true}],\"active\":true}"),
                bind.get(1).body());
        assertEquals(
                json(patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u2\"}]}")),
                bind.get(2).body());

        // change of name, then of email
        Sim.patchUser(ada, Map.of("firstname", "Augusta", "lastname", "King"));
        List<FakeScimServer.Request> rename = pushed();
        assertEquals(
                List.of("PATCH /Users/u2"),
                rename.stream().map(FakeScimServer.Request::line).toList());
        assertEquals(
                json(patch("{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"Augusta\"},"
                        + "{\"op\":\"replace\",\"path\":\"name.familyName\",\"value\":\"King\"}")),
                rename.get(0).body());
        Sim.patchUser(ada, Map.of("email", "augusta@acme.test"));
        assertEquals(
                json(patch("{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"augusta@acme.test\"},"
                        + "{\"op\":\"replace\",\"path\":\"emails\",\"value\":[{\"value\":\"augusta@acme.test\","
                        + "\"type\":\"work\",\"primary\":true}]}")),
                single(pushed(), "PATCH /Users/u2").body());

        // suspend, lock and restore
        Sim.patchUser(ada, Map.of("suspended", true));
        assertEquals(
                json(patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}")),
                single(pushed(), "PATCH /Users/u2").body());
        Sim.patchUser(ada, Map.of("suspended", false));
        assertEquals(
                json(patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":true}")),
                single(pushed(), "PATCH /Users/u2").body());
        Sim.patchUser(ada, Map.of("account_locked", true));
        assertEquals(
                json(patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}")),
                single(pushed(), "PATCH /Users/u2").body());
        Sim.patchUser(ada, Map.of("account_locked", false));
        single(pushed(), "PATCH /Users/u2");

        // add to, then remove from, a second bound group
        String supervisors = Sim.group("Supervisors");
        Sim.bind(appId, supervisors);
        assertEquals(
                List.of("POST /Groups"),
                pushed().stream().map(FakeScimServer.Request::line).toList());
        Sim.addMember(supervisors, ada);
        assertEquals(
                json(patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u2\"}]}")),
                single(pushed(), "PATCH /Groups/g3").body());
        Sim.removeMember(supervisors, ada);
        assertEquals(
                json(patch("{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":\"u2\"}]}")),
                single(pushed(), "PATCH /Groups/g3").body());

        // unbind: out of the last bound group
        Sim.removeMember(agents, ada);
        List<FakeScimServer.Request> unbind = pushed();
        assertEquals(
                List.of("PATCH /Groups/g1", "PATCH /Users/u2"),
                unbind.stream().map(FakeScimServer.Request::line).toList());
        assertEquals(
                json(patch("{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":\"u2\"}]}")),
                unbind.get(0).body());
        assertEquals(
                json(patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}")),
                unbind.get(1).body());

        // rebind, then delete
        Sim.addMember(agents, ada);
        assertEquals(
                List.of("PATCH /Users/u2", "PATCH /Groups/g1"),
                pushed().stream().map(FakeScimServer.Request::line).toList());
        given().delete("/sim/users/" + ada).then().statusCode(204);
        List<FakeScimServer.Request> delete = pushed();
        assertEquals(
                List.of("DELETE /Users/u2"),
                delete.stream().map(FakeScimServer.Request::line).toList());

        // unbinding a group deletes it at the target
        Sim.unbind(appId, supervisors);
        assertEquals(
                List.of("DELETE /Groups/g3"),
                pushed().stream().map(FakeScimServer.Request::line).toList());

        given().queryParam("appId", appId)
                .get("/sim/scim-log")
                .then()
                .statusCode(200)
                .body("[0].method", org.hamcrest.Matchers.equalTo("GET"))
                .body("[0].path", org.hamcrest.Matchers.equalTo("/Users"))
                .body("[0].status", org.hamcrest.Matchers.equalTo(200))
                .body("status", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.lessThan(300)));
        String log = given().get("/sim/scim-log").asString();
        assertTrue(!log.contains("scim-secret"), "the token never appears in the log");
    }

    @Test
    void anExistingTargetUserIsReactivatedInsteadOfCreated() {
        scim.addExistingUser("bob@acme.test");
        String bob = Sim.user("bob@acme.test", "Bob", "Kahn");
        String agents = Sim.group("Agents", bob);
        scimApp(agents);
        List<String> lines = pushed().stream().map(FakeScimServer.Request::line).toList();
        assertEquals(
                List.of(
                        "GET /Users",
                        "GET /Users?filter=userName eq \"bob@acme.test\"",
                        "PATCH /Users/pre-1",
                        "POST /Groups",
                        "PATCH /Groups/g2"),
                lines);
        assertEquals("true", scim.user("pre-1").get("active").asText());
    }

    @Test
    void failedRequestsAreRetriedWithBackOffAndEveryAttemptIsLogged() {
        String agents = Sim.group("Agents");
        String appId = scimApp(agents);
        pushed();
        given().delete("/sim/scim-log").then().statusCode(204);
        scim.failNext(2);
        Sim.user("ada@acme.test", "Ada", "Lovelace");
        String adaId = Sim.api()
                .queryParam("filter", "email:$eq:ada@acme.test")
                .get("/api/systemusers")
                .then()
                .extract()
                .path("results[0]._id");
        Sim.addMember(agents, adaId);
        List<String> lines = pushed().stream().map(FakeScimServer.Request::line).toList();
        assertEquals(
                List.of(
                        "GET /Users?filter=userName eq \"ada@acme.test\"",
                        "GET /Users?filter=userName eq \"ada@acme.test\"",
                        "GET /Users?filter=userName eq \"ada@acme.test\"",
                        "POST /Users",
                        "PATCH /Groups/g1"),
                lines);
        given().queryParam("appId", appId)
                .get("/sim/scim-log")
                .then()
                .body("status", contains(503, 503, 200, 201, 204))
                .body("attempt", contains(1, 2, 3, 1, 1))
                .body("[0].query", org.hamcrest.Matchers.equalTo("filter=userName eq \"ada@acme.test\""));
    }

    /**
     * An outage: the pushes of a removal get no answer after every retry; JumpCloud keeps them and replays them as
     * they were before the next change's push, although the person is back in the group by then (old states).
     */
    @Test
    void pushesThatGotNoAnswerAreReplayedAsTheyWereBeforeTheNextChange() throws Exception {
        String ada = Sim.user("ada@acme.test", "Ada", "Lovelace");
        String agents = Sim.group("Agents", ada);
        scimApp(agents);
        assertEquals(
                List.of(
                        "GET /Users",
                        "GET /Users?filter=userName eq \"ada@acme.test\"",
                        "POST /Users",
                        "POST /Groups",
                        "PATCH /Groups/g2"),
                pushed().stream().map(FakeScimServer.Request::line).toList());
        scim.failNext(8); // both pushes of the removal: 4 attempts each, no answer but 503
        Sim.removeMember(agents, ada);
        assertEquals(8, pushed().size());
        Sim.addMember(agents, ada);
        List<FakeScimServer.Request> replayed = pushed();
        assertEquals(
                List.of("PATCH /Groups/g2", "PATCH /Users/u1"),
                replayed.stream().map(FakeScimServer.Request::line).toList());
        assertEquals(
                json(patch("{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":\"u1\"}]}")),
                replayed.get(0).body());
        assertEquals(
                json(patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}")),
                replayed.get(1).body());
        Sim.removeMember(agents, ada);
        assertEquals(
                List.of("PATCH /Groups/g2", "PATCH /Users/u1"),
                pushed().stream().map(FakeScimServer.Request::line).toList(),
                "replayed once, then the next change as usual");
    }

    @Test
    void aFailingValidationCallStopsThePush() {
        scim.failNext(10);
        String ada = Sim.user("ada@acme.test", "Ada", "Lovelace");
        scimApp(Sim.group("Agents", ada));
        List<String> lines = pushed().stream().map(FakeScimServer.Request::line).toList();
        assertTrue(lines.stream().allMatch("GET /Users"::equals), lines.toString());
        assertEquals(4, lines.size(), "bounded attempts (simulator.scim.max-attempts=4)");
    }

    /**
     * Test Connection as JumpCloud documents it: a test user (with the Test User Email) and a test group are created,
     * then both deleted; nothing of the directory's real users is touched.
     */
    @Test
    void testConnectionCreatesATestUserAndGroupThenDeletesBoth() throws Exception {
        Sim.user("ada@acme.test", "Ada", "Lovelace");
        Map<String, Object> body = Sim.appBody("crm");
        body.put(
                "scim",
                Map.of("baseUrl", scim.baseUrl(), "token", "scim-secret", "testUserEmail", "scim-check@acme.test"));
        String appId = Sim.app(body);
        pushed();

        given().post("/sim/apps/" + appId + "/scim/test-connection")
                .then()
                .statusCode(200)
                .body("ok", org.hamcrest.Matchers.equalTo(true))
                .body("testUserEmail", org.hamcrest.Matchers.equalTo("scim-check@acme.test"))
                .body("requests.status", contains(200, 201, 201, 204, 204));
        List<FakeScimServer.Request> test = pushed();
        assertEquals(
                List.of("GET /Users", "POST /Users", "POST /Groups", "DELETE /Groups/g2", "DELETE /Users/u1"),
                test.stream().map(FakeScimServer.Request::line).toList());
        JsonNode user = test.get(1).body();
        assertEquals("scim-check@acme.test", user.get("userName").asText());
        assertEquals("scim-check@acme.test", user.at("/emails/0/value").asText());
        assertTrue(user.get("active").asBoolean());
        assertTrue(user.get("externalId").asText().matches("[0-9a-f]{24}"), "a JumpCloud-shaped id of no real user");
        assertEquals(
                "JumpCloud Test Group", test.get(2).body().get("displayName").asText());
        assertTrue(scim.users().isEmpty() && scim.groups().isEmpty(), "nothing left at the target");
        for (FakeScimServer.Request request : test) {
            assertEquals("Bearer scim-secret", request.authorization());
        }
    }

    /** Without DELETE the test user is deactivated; with group management off no test group is made, nor any group pushed. */
    @Test
    void testConnectionDeactivatesTheTestUserWhenDeleteIsRefusedAndSkipsGroupsWithoutGroupManagement()
            throws Exception {
        scim.refuseUserDelete();
        String ada = Sim.user("ada@acme.test", "Ada", "Lovelace");
        String agents = Sim.group("Agents", ada);
        Map<String, Object> body = Sim.appBody("crm");
        body.put(
                "scim",
                Map.of(
                        "baseUrl",
                        scim.baseUrl(),
                        "token",
                        "scim-secret",
                        "groupManagement",
                        false,
                        "sendExternalId",
                        false));
        body.put("groupIds", List.of(agents));
        String appId = Sim.app(body);
        assertEquals(
                List.of("GET /Users", "GET /Users?filter=userName eq \"ada@acme.test\"", "POST /Users"),
                pushed().stream().map(FakeScimServer.Request::line).toList());
        given().get("/sim/apps/" + appId)
                .then()
                .body("scim.groupManagement", org.hamcrest.Matchers.equalTo(false))
                .body("scim.testUserEmail", org.hamcrest.Matchers.nullValue());

        given().post("/sim/apps/" + appId + "/scim/test-connection")
                .then()
                .statusCode(200)
                .body("ok", org.hamcrest.Matchers.equalTo(true))
                .body("testUserEmail", org.hamcrest.Matchers.equalTo("jumpcloud-test-user@example.com"));
        List<FakeScimServer.Request> test = pushed();
        assertEquals(
                List.of("GET /Users", "POST /Users", "DELETE /Users/u2", "PATCH /Users/u2"),
                test.stream().map(FakeScimServer.Request::line).toList());
        assertTrue(!test.get(1).body().has("externalId"));
        assertEquals(
                json(patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}")),
                test.get(3).body());
        assertEquals("false", scim.user("u2").get("active").asText());
    }

    @Test
    void testConnectionNeedsIdentityManagement() {
        String appId = Sim.app(Sim.appBody("crm"));
        given().post("/sim/apps/" + appId + "/scim/test-connection")
                .then()
                .statusCode(409)
                .body("code", org.hamcrest.Matchers.equalTo("scim_not_configured"));
    }

    private static FakeScimServer.Request single(List<FakeScimServer.Request> requests, String line) {
        assertEquals(
                List.of(line),
                requests.stream().map(FakeScimServer.Request::line).toList());
        return requests.get(0);
    }

    private static String patch(String operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + operations + "]}";
    }
}
