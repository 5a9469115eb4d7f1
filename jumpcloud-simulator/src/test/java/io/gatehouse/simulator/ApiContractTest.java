package io.gatehouse.simulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pins the JSON shapes, paging and errors of the API subset against docs/design/jumpcloud.md. */
@QuarkusTest
class ApiContractTest {

    @BeforeEach
    void reset() {
        Sim.reset();
    }

    private List<String> users(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(Sim.user(String.format("u%02d@acme.test", i), "First" + i, "Last" + (n - i)));
        }
        return ids;
    }

    @Test
    void systemUsersListIsV1PageWithDefaultLimitAndTotalCount() {
        List<String> ids = users(12);
        Sim.api()
                .get("/api/systemusers")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(12))
                .body("results", hasSize(10))
                .body("results[0]._id", equalTo(ids.get(0)))
                .body("results[0]", hasKey("email"))
                .body(
                        "results[0].keySet()",
                        org.hamcrest.Matchers.hasItems(
                                "_id",
                                "email",
                                "username",
                                "firstname",
                                "lastname",
                                "displayname",
                                "activated",
                                "suspended",
                                "state",
                                "account_locked",
                                "employeeIdentifier",
                                "attributes"))
                .body("results[0].state", equalTo("ACTIVATED"))
                .body("results[0].activated", equalTo(true))
                .body("results[0].suspended", equalTo(false))
                .body("results[0].account_locked", equalTo(false));
        Sim.api()
                .queryParam("skip", 10)
                .get("/api/systemusers")
                .then()
                .statusCode(200)
                .body("results._id", contains(ids.get(10), ids.get(11)))
                .body("totalCount", equalTo(12));
    }

    @Test
    void idsLookLikeMongoIdsAndSortByIdIsCreationOrder() {
        List<String> ids = users(5);
        ids.forEach(id -> assertTrue(id.matches("[0-9a-f]{24}"), id));
        Sim.api()
                .queryParam("sort", "_id")
                .queryParam("limit", 2)
                .queryParam("skip", 1)
                .get("/api/systemusers")
                .then()
                .body("results._id", contains(ids.get(1), ids.get(2)));
        Sim.api()
                .queryParam("sort", "-_id")
                .queryParam("limit", 2)
                .get("/api/systemusers")
                .then()
                .body("results._id", contains(ids.get(4), ids.get(3)));
        Sim.api()
                .queryParam("sort", "-lastname")
                .queryParam("limit", 1)
                .get("/api/systemusers")
                .then()
                .body("results[0].lastname", equalTo("Last5"));
    }

    @Test
    void limitAbove100IsRejectedAnd100IsAccepted() {
        Sim.api()
                .queryParam("limit", 101)
                .get("/api/systemusers")
                .then()
                .statusCode(400)
                .body("message", startsWith("Bad Request"));
        Sim.api().queryParam("limit", 100).get("/api/systemusers").then().statusCode(200);
        Sim.api().queryParam("limit", 101).get("/api/v2/usergroups").then().statusCode(400);
        Sim.api().queryParam("skip", -1).get("/api/v2/usergroups").then().statusCode(400);
        Sim.api().queryParam("limit", "x").get("/api/v2/usergroups").then().statusCode(400);
    }

    @Test
    void fieldsProjectAndFilterMatchesExactly() {
        users(3);
        Sim.api()
                .queryParam("fields", "email firstname")
                .queryParam("limit", 1)
                .get("/api/systemusers")
                .then()
                .body("results[0].keySet()", containsInAnyOrder("_id", "email", "firstname"));
        Sim.api()
                .queryParam("filter", "email:$eq:u01@acme.test")
                .get("/api/systemusers")
                .then()
                .body("totalCount", equalTo(1))
                .body("results[0].firstname", equalTo("First1"));
        Sim.api()
                .queryParam("filter", "email:$ne:u01@acme.test")
                .get("/api/systemusers")
                .then()
                .body("totalCount", equalTo(2));
        Sim.api()
                .queryParam("filter", "email:$bogus:x")
                .get("/api/systemusers")
                .then()
                .statusCode(400);
    }

    @Test
    void oneUserAndUnknownUser() {
        String id = Sim.user(Map.of(
                "email",
                "ada@acme.test",
                "firstname",
                "Ada",
                "lastname",
                "Lovelace",
                "employeeIdentifier",
                "E1",
                "attributes",
                List.of(Map.of("name", "costCenter", "value", "42"))));
        Sim.api()
                .get("/api/systemusers/" + id)
                .then()
                .statusCode(200)
                .body("_id", equalTo(id))
                .body("email", equalTo("ada@acme.test"))
                .body("username", equalTo("ada"))
                .body("displayname", equalTo("Ada Lovelace"))
                .body("employeeIdentifier", equalTo("E1"))
                .body("attributes[0].name", equalTo("costCenter"))
                .body("attributes[0].value", equalTo("42"));
        Sim.api()
                .get("/api/systemusers/5f0000000000000000000000")
                .then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("message", not(empty()));
    }

    @Test
    void searchSystemUsersTakesJumpCloudsFilterShapes() {
        users(4);
        Sim.api()
                .contentType(ContentType.JSON)
                .body(Map.of("filter", Map.of("and", List.of(Map.of("email", "u02@acme.test")))))
                .post("/api/search/systemusers")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(1))
                .body("results[0].email", equalTo("u02@acme.test"));
        Sim.api()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "filter",
                        Map.of("or", List.of(Map.of("email", "u02@acme.test"), Map.of("email", "u03@acme.test")))))
                .post("/api/search/systemusers")
                .then()
                .body("totalCount", equalTo(2));
        Sim.api()
                .contentType(ContentType.JSON)
                .body(Map.of("filter", List.of(Map.of("firstname", "First1")), "fields", "email"))
                .post("/api/search/systemusers")
                .then()
                .body("results[0].keySet()", containsInAnyOrder("_id", "email"));
        Sim.api()
                .contentType(ContentType.JSON)
                .body(Map.of("searchFilter", Map.of("searchTerm", "acme", "fields", List.of("email"))))
                .post("/api/search/systemusers")
                .then()
                .body("totalCount", equalTo(4))
                .body("results", hasSize(4));
        Sim.api()
                .contentType(ContentType.JSON)
                .body("[1]")
                .post("/api/search/systemusers")
                .then()
                .statusCode(400);
    }

    @Test
    void apiKeyIsRequiredAndChecked() {
        given().get("/api/systemusers")
                .then()
                .statusCode(401)
                .contentType(ContentType.JSON)
                .body("message", equalTo("Unauthorized"));
        given().header("x-api-key", "wrong")
                .get("/api/v2/usergroups")
                .then()
                .statusCode(401)
                .body("message", equalTo("Unauthorized"));
        Sim.api()
                .header("x-org-id", "5f0c0ffee0c0ffee0c0ffee0")
                .get("/api/v2/usergroups")
                .then()
                .statusCode(200);
        Sim.api()
                .header("x-org-id", "000000000000000000000000")
                .get("/api/v2/usergroups")
                .then()
                .statusCode(401);
        given().get("/sim/org")
                .then()
                .statusCode(200)
                .body("apiKey", equalTo(Sim.API_KEY))
                .body("orgId", equalTo("5f0c0ffee0c0ffee0c0ffee0"));
    }

    @Test
    void applicationsV1ShapeAndAssociationsNeedTargets() {
        String g = Sim.group("Agents");
        String app = Sim.app(Sim.appBody("crm"));
        Sim.bind(app, g);
        Sim.api()
                .get("/api/applications")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(1))
                .body("results[0]._id", equalTo(app))
                .body("results[0].name", equalTo("crm"))
                .body("results[0].displayLabel", equalTo("crm"))
                .body("results[0].active", equalTo(true))
                .body("results[0].ssoUrl", org.hamcrest.Matchers.endsWith("/saml2/crm"))
                .body("results[0].sso.type", equalTo("saml"))
                .body("results[0].sso.idpCertExpirationAt", not(nullValue()))
                .body("results[0].config.spEntityId.value", equalTo("https://sp.example.test/saml/crm/metadata"));
        Sim.api().get("/api/v2/applications/" + app + "/associations").then().statusCode(400);
        Sim.api()
                .queryParam("targets", "system")
                .get("/api/v2/applications/" + app + "/associations")
                .then()
                .statusCode(400);
        Sim.api()
                .queryParam("targets", "user_group")
                .get("/api/v2/applications/" + app + "/associations")
                .then()
                .statusCode(200)
                .header("X-Total-Count", "1")
                .body("$", hasSize(1))
                .body("[0].attributes", nullValue())
                .body("[0].to.id", equalTo(g))
                .body("[0].to.type", equalTo("user_group"));
        Sim.api()
                .queryParam("targets", "user")
                .get("/api/v2/applications/" + app + "/associations")
                .then()
                .statusCode(200)
                .body("$", hasSize(0));
        Sim.api()
                .queryParam("targets", "user_group")
                .get("/api/v2/applications/5f0000000000000000000000/associations")
                .then()
                .statusCode(404);
    }

    @Test
    void userGroupsAreBareArraysWithTotalCountHeader() {
        for (int i = 0; i < 12; i++) {
            Sim.group(String.format("G%02d", i));
        }
        Sim.api()
                .get("/api/v2/usergroups")
                .then()
                .statusCode(200)
                .header("X-Total-Count", "12")
                .body("$", hasSize(10))
                .body(
                        "[0].keySet()",
                        org.hamcrest.Matchers.hasItems("id", "name", "description", "type", "membershipMethod"))
                .body("[0].type", equalTo("user_group"))
                .body("[0].membershipMethod", equalTo("STATIC"));
        Sim.api().queryParam("skip", 10).get("/api/v2/usergroups").then().body("$", hasSize(2));
        Sim.api()
                .queryParam("sort", "-name")
                .queryParam("limit", 1)
                .get("/api/v2/usergroups")
                .then()
                .body("[0].name", equalTo("G11"));
        Sim.api()
                .queryParam("filter", "name:eq:G03")
                .get("/api/v2/usergroups")
                .then()
                .header("X-Total-Count", "1")
                .body("[0].name", equalTo("G03"));
        String id = Sim.api().get("/api/v2/usergroups").then().extract().path("[0].id");
        Sim.api()
                .get("/api/v2/usergroups/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo("G00"));
        Sim.api().get("/api/v2/usergroups/5f0000000000000000000000").then().statusCode(404);
        Sim.api()
                .get("/api/v2/usergroups/5f0000000000000000000000/members")
                .then()
                .statusCode(404);
        Sim.api().get("/api/v2/users/5f0000000000000000000000/memberof").then().statusCode(404);
    }

    @Test
    void nestedGroupsMakeDirectMembersDifferFromResolvedMembership() {
        String ada = Sim.user("ada@acme.test", "Ada", "Lovelace");
        String grace = Sim.user("grace@acme.test", "Grace", "Hopper");
        String supervisors = Sim.group("Supervisors", grace);
        String agents =
                Sim.group(Map.of("name", "Agents", "userIds", List.of(ada), "memberGroupIds", List.of(supervisors)));

        Sim.api()
                .get("/api/v2/usergroups/" + agents + "/members")
                .then()
                .statusCode(200)
                .header("X-Total-Count", "2")
                .body("to.id", contains(ada, supervisors))
                .body("to.type", contains("user", "user_group"));
        Sim.api()
                .get("/api/v2/usergroups/" + agents + "/membership")
                .then()
                .statusCode(200)
                .header("X-Total-Count", "2")
                .body("id", containsInAnyOrder(ada, grace))
                .body("find { it.id == '" + grace + "' }.type", equalTo("user"))
                .body("find { it.id == '" + grace + "' }.paths[0].to.id", contains(supervisors, grace))
                .body("find { it.id == '" + ada + "' }.paths[0].to.id", contains(ada));
        Sim.api()
                .queryParam("filter", "object_id:eq:" + grace)
                .get("/api/v2/usergroups/" + agents + "/membership")
                .then()
                .body("id", contains(grace));

        Sim.api()
                .get("/api/v2/users/" + grace + "/memberof")
                .then()
                .statusCode(200)
                .body("id", containsInAnyOrder(supervisors, agents))
                .body("find { it.id == '" + agents + "' }.paths[0].to.id", contains(supervisors, agents))
                .body("find { it.id == '" + agents + "' }.type", equalTo("user_group"));

        String app = Sim.app(Sim.appBody("crm"));
        Sim.bind(app, agents);
        Sim.api()
                .get("/api/v2/applications/" + app + "/usergroups")
                .then()
                .statusCode(200)
                .body("id", containsInAnyOrder(agents, supervisors))
                .body("find { it.id == '" + supervisors + "' }.paths[0].to.id", contains(agents, supervisors));
        Sim.api()
                .get("/api/v2/applications/" + app + "/users")
                .then()
                .statusCode(200)
                .header("X-Total-Count", "2")
                .body("id", containsInAnyOrder(ada, grace))
                .body("find { it.id == '" + grace + "' }.paths[0].to.id", contains(agents, supervisors, grace))
                .body(
                        "find { it.id == '" + grace + "' }.paths[0].to.type",
                        contains("user_group", "user_group", "user"));
    }

    @Test
    void dynamicGroupsComputeMembersFromARule() {
        String ada = Sim.user(Map.of("email", "ada@acme.test", "department", "Support"));
        Sim.user(Map.of("email", "alan@acme.test", "department", "Sales"));
        String carol = Sim.user(
                Map.of("email", "carol@acme.test", "attributes", List.of(Map.of("name", "team", "value", "support"))));
        String dynamic = Sim.group(Map.of(
                "name", "Support", "dynamicRule", Map.of("field", "department", "operator", "eq", "value", "Support")));
        Sim.api()
                .get("/api/v2/usergroups/" + dynamic)
                .then()
                .body("membershipMethod", startsWith("DYNAMIC_"))
                .body("memberQuery.filters[0].field", equalTo("department"));
        Sim.api().get("/api/v2/usergroups/" + dynamic + "/members").then().body("$", hasSize(0));
        Sim.api().get("/api/v2/usergroups/" + dynamic + "/membership").then().body("id", contains(ada));

        String byAttribute =
                Sim.group(Map.of("name", "Team", "dynamicRule", Map.of("field", "team", "value", "SUPPORT")));
        Sim.api()
                .get("/api/v2/usergroups/" + byAttribute + "/membership")
                .then()
                .body("id", contains(carol));

        Sim.patchUser(ada, Map.of("department", "Sales"));
        Sim.api().get("/api/v2/usergroups/" + dynamic + "/membership").then().body("$", hasSize(0));
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "Bad", "dynamicRule", Map.of("field", "x", "operator", "regex", "value", "y")))
                .post("/sim/groups")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"));
    }

    @Test
    void v2PagingWalksEveryMemberOnceWithSortById() {
        List<String> ids = users(25);
        String group = Sim.group("All", ids.toArray(String[]::new));
        List<String> seen = new ArrayList<>();
        for (int skip = 0; ; skip += 10) {
            List<String> page = Sim.api()
                    .queryParam("limit", 10)
                    .queryParam("skip", skip)
                    .queryParam("sort", "_id")
                    .get("/api/v2/usergroups/" + group + "/membership")
                    .then()
                    .statusCode(200)
                    .header("X-Total-Count", "25")
                    .extract()
                    .path("id");
            seen.addAll(page);
            if (page.size() < 10) {
                break;
            }
        }
        assertEquals(ids, seen);
    }

    @Test
    void controlApiErrorsAreProblemJson() {
        given().contentType(ContentType.JSON)
                .body(Map.of("firstname", "x"))
                .post("/sim/users")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("status", equalTo(400));
        Sim.user("ada@acme.test", "Ada", "L");
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "ADA@acme.test"))
                .post("/sim/users")
                .then()
                .statusCode(409)
                .body("code", equalTo("email_taken"));
        given().contentType(ContentType.JSON)
                .body("{not json")
                .post("/sim/users")
                .then()
                .statusCode(400)
                .body("code", equalTo("malformed_json"));
        given().patch("/sim/users/5f0000000000000000000000").then().statusCode(400);
        given().contentType(ContentType.JSON)
                .body(Map.of("suspended", true))
                .patch("/sim/users/5f0000000000000000000000")
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        given().put("/sim/groups/5f0000000000000000000000/members/5f0000000000000000000000")
                .then()
                .statusCode(404);
        Map<String, Object> bad = Sim.appBody("x");
        bad.put("sign", "SOMETIMES");
        given().contentType(ContentType.JSON)
                .body(bad)
                .post("/sim/apps")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    @Test
    void patchUserChangesStateFlags() {
        String id = Sim.user("ada@acme.test", "Ada", "Lovelace");
        Sim.patchUser(id, Map.of("suspended", true));
        Sim.api()
                .get("/api/systemusers/" + id)
                .then()
                .body("suspended", equalTo(true))
                .body("state", equalTo("SUSPENDED"));
        Sim.patchUser(id, Map.of("suspended", false, "account_locked", true, "firstname", "Augusta"));
        Sim.api()
                .get("/api/systemusers/" + id)
                .then()
                .body("suspended", equalTo(false))
                .body("state", equalTo("ACTIVATED"))
                .body("account_locked", equalTo(true))
                .body("firstname", equalTo("Augusta"))
                .body("displayname", equalTo("Augusta Lovelace"));
        Sim.patchUser(id, Map.of("state", "STAGED"));
        Sim.api()
                .get("/api/systemusers/" + id)
                .then()
                .body("activated", equalTo(false))
                .body("state", equalTo("STAGED"));
        given().delete("/sim/users/" + id).then().statusCode(204);
        Sim.api().get("/api/systemusers/" + id).then().statusCode(404);
    }
}
