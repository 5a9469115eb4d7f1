package io.gatehouse.simulator;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers driving the simulator through its control API. */
public final class Sim {

    public static final String API_KEY = "sim-api-key";

    private Sim() {}

    public static RequestSpecification api() {
        return given().header("x-api-key", API_KEY).accept(ContentType.JSON);
    }

    public static void reset() {
        given().post("/sim/reset").then().statusCode(204);
    }

    public static String user(String email, String first, String last) {
        return user(Map.of("email", email, "firstname", first, "lastname", last));
    }

    public static String user(Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/sim/users")
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    public static void patchUser(String id, Map<String, Object> body) {
        given().contentType(ContentType.JSON)
                .body(body)
                .patch("/sim/users/" + id)
                .then()
                .statusCode(200);
    }

    public static String group(String name, String... userIds) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "userIds", List.of(userIds)))
                .post("/sim/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    public static String group(Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/sim/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    public static void addMember(String groupId, String userId) {
        given().put("/sim/groups/" + groupId + "/members/" + userId).then().statusCode(204);
    }

    public static void removeMember(String groupId, String userId) {
        given().delete("/sim/groups/" + groupId + "/members/" + userId).then().statusCode(204);
    }

    public static Map<String, Object> appBody(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("spEntityId", "https://sp.example.test/saml/" + name + "/metadata");
        body.put("acsUrl", "https://sp.example.test/saml/" + name + "/acs");
        body.put("idpEntityId", "https://idp.example.test/" + name);
        body.put("attributes", Map.of("email", "email", "firstName", "firstname", "lastName", "lastname"));
        return body;
    }

    public static String app(Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/sim/apps")
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    public static void bind(String appId, String groupId) {
        given().put("/sim/apps/" + appId + "/groups/" + groupId).then().statusCode(204);
    }

    public static void unbind(String appId, String groupId) {
        given().delete("/sim/apps/" + appId + "/groups/" + groupId).then().statusCode(204);
    }
}
