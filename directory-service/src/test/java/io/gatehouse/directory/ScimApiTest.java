package io.gatehouse.directory;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.MemberUpdated;
import io.gatehouse.events.RevocationReason;
import io.gatehouse.events.Role;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "directory"))
@QuarkusTestResource(KafkaResource.class)
class ScimApiTest {
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    record Scim(String account, String token) {
        RequestSpecification req() {
            return RestAssured.given()
                    .header("Authorization", "Bearer " + token)
                    .contentType("application/scim+json")
                    .basePath("/scim/v2/" + account);
        }
    }

    static Scim setUp(String prefix, boolean enabled) {
        String account = Api.newAccount(prefix);
        Map<String, Object> body = new java.util.HashMap<>(DirectoryConnectionApiTest.body());
        body.put("scimEnabled", enabled);
        body.put("syncIntervalSeconds", 0);
        body.remove("apiKey"); // SCIM only: pushes apply as they come (with a key: ConfirmScimChangesTest)
        body.put("groupRoleMappings", Map.of("Acme Admins", "ADMIN", "Acme Supervisors", "SUPERVISOR"));
        Api.putConnection(account, body);
        String token = Api.operator()
                .post("/api/accounts/{id}/directory/scim-token", account)
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        return new Scim(account, token);
    }

    static String user(String email, String given, String family, String externalId) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","externalId":"%s",
                 "name":{"givenName":"%s","familyName":"%s"},"emails":[{"value":"%s","primary":true,"type":"work"}],
                 "active":true}""".formatted(email, externalId, given, family, email);
    }

    @Test
    void jumpCloudSequenceProducesMembershipEvents() {
        Scim scim = setUp("scim", true);
        // JumpCloud validates the connection with GET /Users: 200 and an empty ListResponse
        scim.req()
                .get("/Users")
                .then()
                .statusCode(200)
                .contentType(containsString("application/scim+json"))
                .body("schemas", hasItem("urn:ietf:params:scim:api:messages:2.0:ListResponse"))
                .body("totalResults", equalTo(0))
                .body("Resources", empty());
        scim.req()
                .queryParam("filter", "userName eq \"grace@acme.test\"")
                .get("/Users")
                .then()
                .statusCode(200)
                .body("totalResults", equalTo(0));

        String graceId = scim.req()
                .body(user("grace@acme.test", "Grace", "Hopper", "jc-grace"))
                .post("/Users")
                .then()
                .statusCode(201)
                .body("id", notNullValue())
                .body("active", equalTo(true))
                .body("meta.resourceType", equalTo("User"))
                .body("meta.location", containsString("/scim/v2/" + scim.account + "/Users/"))
                .extract()
                .path("id");
        String adaId = scim.req()
                .body(user("ada@acme.test", "Ada", "Lovelace", "jc-ada"))
                .post("/Users")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        scim.req()
                .body(user("GRACE@acme.test", "G", "H", "jc-other"))
                .post("/Users")
                .then()
                .statusCode(409)
                .body("scimType", equalTo("uniqueness"));
        scim.req()
                .queryParam("filter", "userName eq \"Grace@Acme.test\"")
                .get("/Users")
                .then()
                .statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(graceId));
        scim.req()
                .queryParam("filter", "name.familyName sw \"Love\"")
                .get("/Users")
                .then()
                .statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(adaId));
        scim.req()
                .queryParam("count", 1)
                .queryParam("startIndex", 2)
                .get("/Users")
                .then()
                .statusCode(200)
                .body("totalResults", equalTo(2))
                .body("itemsPerPage", equalTo(1))
                .body("startIndex", equalTo(2))
                .body("Resources", hasSize(1));

        // group pushed with a member: Acme Admins maps to ADMIN
        String groupId = scim.req()
                .body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Acme Admins",
                 "externalId":"jc-group-1","members":[{"value":"%s"}]}""".formatted(graceId))
                .post("/Groups")
                .then()
                .statusCode(201)
                .body("members.value", hasItem(graceId))
                .extract()
                .path("id");
        scim.req()
                .body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"add","path":"members","value":[{"value":"%s"}]}]}""".formatted(adaId))
                .patch("/Groups/" + groupId)
                .then()
                .statusCode(200)
                .body("members", hasSize(2));
        // JumpCloud's remove shape: a value list, no filter in the path
        scim.req()
                .body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"remove","path":"members","value":[{"value":"%s"}]}]}""".formatted(adaId))
                .patch("/Groups/" + groupId)
                .then()
                .statusCode(200)
                .body("members", hasSize(1))
                .body("members[0].value", equalTo(graceId));

        // per-attribute replace, then a no-path replace with an object
        scim.req()
                .body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"name.givenName","value":"Amazing Grace"}]}""")
                .patch("/Users/" + graceId)
                .then()
                .statusCode(200)
                .body("name.givenName", equalTo("Amazing Grace"))
                .body("name.familyName", equalTo("Hopper"));
        scim.req().body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"name":{"givenName":"Ada","familyName":"King"}}}]}""").patch("/Users/" + adaId).then().statusCode(200).body("name.familyName", equalTo("King"));
        // deprovision: active=false
        scim.req().body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"active","value":false}]}""").patch("/Users/" + adaId).then().statusCode(200).body("active", equalTo(false));
        scim.req().get("/Groups/" + groupId).then().statusCode(200).body("displayName", equalTo("Acme Admins"));
        scim.req().delete("/Users/" + graceId).then().statusCode(204);
        scim.req()
                .get("/Users/" + graceId)
                .then()
                .statusCode(404)
                .body("schemas", hasItem(ERROR_SCHEMA))
                .body("status", equalTo("404"));
        scim.req().delete("/Groups/" + groupId).then().statusCode(204);

        List<GatehouseEvent> events = Events.of(scim.account, 9);
        // Kafka keeps order per person (key = account + email), not across people
        List<GatehouseEvent> grace = events.stream()
                .filter(e -> e.key().endsWith(":grace@acme.test"))
                .toList();
        List<GatehouseEvent> ada =
                events.stream().filter(e -> e.key().endsWith(":ada@acme.test")).toList();
        assertEquals(
                List.of("MemberGranted", "MemberUpdated", "MemberUpdated", "MemberRevoked"),
                grace.stream().map(GatehouseEvent::eventType).toList());
        assertEquals(
                List.of("MemberGranted", "MemberUpdated", "MemberUpdated", "MemberUpdated", "MemberRevoked"),
                ada.stream().map(GatehouseEvent::eventType).toList());
        MemberGranted graceGranted = (MemberGranted) grace.get(0);
        assertEquals("jc-grace", graceGranted.externalId());
        assertEquals(Role.AGENT, graceGranted.role());
        assertEquals(MemberSource.SCIM, graceGranted.source());
        MemberUpdated graceAdmin = (MemberUpdated) grace.get(1);
        assertEquals(Role.ADMIN, graceAdmin.role());
        assertTrue(graceAdmin.roleFromGroup());
        assertEquals(List.of("Acme Admins"), graceAdmin.groups());
        assertEquals("Amazing Grace", ((MemberUpdated) grace.get(2)).firstName());
        MemberRevoked graceDeleted = (MemberRevoked) grace.get(3);
        assertEquals(RevocationReason.DELETED, graceDeleted.reason());
        assertEquals("jc-grace", graceDeleted.externalId());
        assertEquals(Role.ADMIN, ((MemberUpdated) ada.get(1)).role());
        assertEquals(Role.AGENT, ((MemberUpdated) ada.get(2)).role());
        assertEquals("King", ((MemberUpdated) ada.get(3)).lastName());
        MemberRevoked adaRevoked = (MemberRevoked) ada.get(4);
        assertEquals(RevocationReason.SUSPENDED, adaRevoked.reason());
        assertEquals(MemberSource.SCIM, adaRevoked.source());
    }

    @Test
    void authErrorsAreScimErrors() {
        Scim a = setUp("scima", true);
        Scim b = setUp("scimb", true);
        RestAssured.given()
                .get("/scim/v2/" + a.account + "/Users")
                .then()
                .statusCode(401)
                .contentType(containsString("application/scim+json"))
                .body("schemas", hasItem(ERROR_SCHEMA))
                .body("status", equalTo("401"));
        RestAssured.given()
                .header("Authorization", "Bearer nope")
                .get("/scim/v2/" + a.account + "/Users")
                .then()
                .statusCode(401)
                .body("schemas", hasItem(ERROR_SCHEMA));
        // another account's valid token
        RestAssured.given()
                .header("Authorization", "Bearer " + b.token)
                .get("/scim/v2/" + a.account + "/Users")
                .then()
                .statusCode(401)
                .body("schemas", hasItem(ERROR_SCHEMA));
        // the operator token is not a SCIM token
        RestAssured.given()
                .header("Authorization", "Bearer " + Api.OPERATOR)
                .get("/scim/v2/" + a.account + "/Users")
                .then()
                .statusCode(401);
        // rotating the token invalidates the old one
        String old = a.token;
        Api.operator()
                .post("/api/accounts/{id}/directory/scim-token", a.account)
                .then()
                .statusCode(200);
        RestAssured.given()
                .header("Authorization", "Bearer " + old)
                .get("/scim/v2/" + a.account + "/Users")
                .then()
                .statusCode(401);
        Scim off = setUp("scimoff", false);
        off.req().get("/Users").then().statusCode(403).body("schemas", hasItem(ERROR_SCHEMA));
    }

    @Test
    void malformedRequestsAnswerScimTypes() {
        Scim scim = setUp("scimerr", true);
        scim.req()
                .queryParam("filter", "userName eq")
                .get("/Users")
                .then()
                .statusCode(400)
                .body("scimType", equalTo("invalidFilter"))
                .body("schemas", hasItem(ERROR_SCHEMA));
        scim.req()
                .queryParam("filter", "userName zz \"x\"")
                .get("/Users")
                .then()
                .statusCode(400)
                .body("scimType", equalTo("invalidFilter"));
        scim.req()
                .queryParam("filter", "displayName eq \"a\" and (")
                .get("/Groups")
                .then()
                .statusCode(400)
                .body("scimType", equalTo("invalidFilter"));
        scim.req().body("{not json").post("/Users").then().statusCode(400).body("scimType", equalTo("invalidSyntax"));
        scim.req().body("[]").post("/Users").then().statusCode(400).body("scimType", equalTo("invalidSyntax"));
        scim.req()
                .body("{\"name\":{\"givenName\":\"x\"}}")
                .post("/Users")
                .then()
                .statusCode(400)
                .body("scimType", equalTo("invalidValue"));
        scim.req()
                .body("{\"userName\":\"x@acme.test\",\"active\":\"maybe\"}")
                .post("/Users")
                .then()
                .statusCode(400)
                .body("scimType", equalTo("invalidValue"));
        scim.req()
                .body("{\"schemas\":[\"urn:other\"],\"userName\":\"x@acme.test\"}")
                .post("/Users")
                .then()
                .statusCode(400)
                .body("scimType", equalTo("invalidValue"));
        String id = scim.req()
                .body(user("pat@acme.test", "Pat", "P", "jc-pat"))
                .post("/Users")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        scim.req()
                .body("{\"Operations\":[]}")
                .patch("/Users/" + id)
                .then()
                .statusCode(400)
                .body("scimType", equalTo("invalidSyntax"));
        scim.req()
                .body("{\"Operations\":[{\"op\":\"explode\",\"path\":\"active\"}]}")
                .patch("/Users/" + id)
                .then()
                .statusCode(400)
                .body("scimType", equalTo("invalidSyntax"));
        scim.req()
                .body("{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"sometimes\"}]}")
                .patch("/Users/" + id)
                .then()
                .statusCode(400)
                .body("scimType", equalTo("invalidValue"));
        scim.req()
                .body("{\"Operations\":[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"\"}]}")
                .patch("/Users/" + id)
                .then()
                .statusCode(400)
                .body("scimType", equalTo("invalidValue"));
        scim.req()
                .body("{\"Operations\":[{\"op\":\"replace\",\"path\":\"emails[type eq\",\"value\":\"x\"}]}")
                .patch("/Users/" + id)
                .then()
                .statusCode(400);
        scim.req()
                .body("{\"displayName\":\"G\",\"members\":[{\"value\":\"00000000-0000-0000-0000-000000000000\"}]}")
                .post("/Groups")
                .then()
                .statusCode(400)
                .body("scimType", equalTo("invalidValue"));
        scim.req()
                .body("{\"members\":[]}")
                .post("/Groups")
                .then()
                .statusCode(400)
                .body("scimType", equalTo("invalidValue"));
        scim.req().get("/Users/not-a-uuid").then().statusCode(404).body("schemas", hasItem(ERROR_SCHEMA));
        scim.req()
                .body(user("q@acme.test", "Q", "Q", "jc-q"))
                .put("/Users/00000000-0000-0000-0000-000000000000")
                .then()
                .statusCode(404);
        // the failed writes changed nothing: the user is as created
        scim.req()
                .get("/Users/" + id)
                .then()
                .statusCode(200)
                .body("active", equalTo(true))
                .body("userName", equalTo("pat@acme.test"));
    }

    @Test
    void discoveryEndpoints() {
        Scim scim = setUp("scimdisc", true);
        scim.req()
                .get("/ServiceProviderConfig")
                .then()
                .statusCode(200)
                .body("patch.supported", equalTo(true))
                .body("filter.supported", equalTo(true))
                .body("bulk.supported", equalTo(false))
                .body("authenticationSchemes[0].type", equalTo("oauthbearertoken"));
        scim.req()
                .get("/ResourceTypes")
                .then()
                .statusCode(200)
                .body("totalResults", equalTo(2))
                .body("Resources.endpoint", hasItem("/Users"));
        scim.req()
                .get("/Schemas")
                .then()
                .statusCode(200)
                .body("Resources.id", hasItem("urn:ietf:params:scim:schemas:core:2.0:User"))
                .body("Resources.id", hasItem("urn:ietf:params:scim:schemas:core:2.0:Group"));
        scim.req()
                .get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
                .then()
                .statusCode(200)
                .body("attributes.name", hasItem("userName"));
    }

    @Test
    void putReplacesUserAndGroup() {
        Scim scim = setUp("scimput", true);
        String id = scim.req()
                .body(user("lin@acme.test", "Lin", "L", "jc-lin"))
                .post("/Users")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        scim.req()
                .body(user("lin@acme.test", "Linda", "Lee", "jc-lin"))
                .put("/Users/" + id)
                .then()
                .statusCode(200)
                .body("name.givenName", equalTo("Linda"))
                .body("meta.version", equalTo("W/\"1\""));
        String gid = scim.req()
                .body("{\"displayName\":\"Acme Supervisors\"}")
                .post("/Groups")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        scim.req()
                .body("{\"displayName\":\"Acme Supervisors\",\"members\":[{\"value\":\"" + id + "\"}]}")
                .put("/Groups/" + gid)
                .then()
                .statusCode(200)
                .body("members", hasSize(1));
        scim.req()
                .queryParam("filter", "displayName eq \"acme supervisors\"")
                .queryParam("excludedAttributes", "members")
                .get("/Groups")
                .then()
                .statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0].members", org.hamcrest.Matchers.nullValue());
        List<GatehouseEvent> events = Events.of(scim.account, 3);
        MemberUpdated last = (MemberUpdated) events.get(events.size() - 1);
        assertEquals(Role.SUPERVISOR, last.role());
        assertEquals("Linda", last.firstName());
    }
}
