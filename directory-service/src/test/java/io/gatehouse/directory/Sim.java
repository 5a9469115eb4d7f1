package io.gatehouse.directory;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** The jumpcloud-simulator's control API (over real HTTP), for arranging directory state in tests. */
final class Sim {
    private Sim() {}

    static String url() {
        return ConfigProvider.getConfig().getValue("simulator.url", String.class);
    }

    static RequestSpecification req() {
        return RestAssured.given().baseUri(url()).port(-1).basePath("").contentType(ContentType.JSON);
    }

    static String apiKey() {
        return req().get("/sim/org").then().statusCode(200).extract().path("apiKey");
    }

    static String user(String email, String first, String last) {
        return req().body(Map.of(
                        "email",
                        email,
                        "firstname",
                        first,
                        "lastname",
                        last,
                        "username",
                        email.substring(0, email.indexOf('@'))))
                .post("/sim/users")
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    static void patchUser(String id, Map<String, Object> patch) {
        req().body(patch).patch("/sim/users/" + id).then().statusCode(200);
    }

    static void deleteUser(String id) {
        req().delete("/sim/users/" + id).then().statusCode(204);
    }

    static String group(String name, String... userIds) {
        return req().body(Map.of("name", name, "userIds", List.of(userIds)))
                .post("/sim/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static void addMember(String gid, String uid) {
        req().put("/sim/groups/" + gid + "/members/" + uid).then().statusCode(204);
    }

    static void removeMember(String gid, String uid) {
        req().delete("/sim/groups/" + gid + "/members/" + uid).then().statusCode(204);
    }

    static void nest(String parent, String child) {
        req().put("/sim/groups/" + parent + "/groups/" + child).then().statusCode(204);
    }

    static String app(String name, Map<String, Object> scim) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of(
                "name", name, "spEntityId", "https://sp.test/" + name, "acsUrl", "https://sp.test/" + name + "/acs"));
        if (scim != null) {
            body.put("scim", scim);
        }
        return req().body(body)
                .post("/sim/apps")
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    /** The app's Identity Management "Test Connection" (test user and group created, then deleted). */
    static io.restassured.path.json.JsonPath testConnection(String appId) {
        return req().post("/sim/apps/" + appId + "/scim/test-connection")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static void bind(String appId, String gid) {
        req().put("/sim/apps/" + appId + "/groups/" + gid).then().statusCode(204);
    }

    static void unbind(String appId, String gid) {
        req().delete("/sim/apps/" + appId + "/groups/" + gid).then().statusCode(204);
    }

    static void fault(Map<String, Object> spec) {
        req().body(spec)
                .post("/sim/faults")
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
    }

    static void clearFaults() {
        req().delete("/sim/faults").then().statusCode(org.hamcrest.Matchers.lessThan(300));
    }

    /** Waits until every queued SCIM push has been sent. */
    static void drainScim() {
        req().post("/sim/scim/drain").then().statusCode(200);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
