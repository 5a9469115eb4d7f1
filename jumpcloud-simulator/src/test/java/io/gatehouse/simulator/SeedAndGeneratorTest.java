package io.gatehouse.simulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo seed and the large-org generator. */
@QuarkusTest
class SeedAndGeneratorTest {

    @AfterEach
    void reset() {
        Sim.reset();
    }

    @Test
    void demoOrgIsSeededWithNestedAndDynamicGroupsAndTheDemoApp() {
        given().post("/sim/reset?seed=true").then().statusCode(204);
        Sim.api().get("/api/systemusers").then().body("totalCount", equalTo(7));
        Sim.api()
                .get("/api/applications")
                .then()
                .body("results[0].name", equalTo("gatehouse-demo"))
                .body("results[0]._id", equalTo("65c000000000000000000001"))
                .body("results[0].config.spEntityId.value", equalTo("http://localhost:8081/saml/demo/metadata"))
                .body("results[0].config.acsUrl.value", equalTo("http://localhost:8081/saml/demo/acs"));
        Sim.api()
                .queryParam("targets", "user_group")
                .get("/api/v2/applications/65c000000000000000000001/associations")
                .then()
                .body("$", hasSize(3));
        List<String> emails = Sim.api()
                .queryParam("limit", 100)
                .get("/api/v2/applications/65c000000000000000000001/users")
                .then()
                .extract()
                .path("id");
        assertEquals(
                List.of(
                        "65a000000000000000000001",
                        "65a000000000000000000002",
                        "65a000000000000000000003",
                        "65a000000000000000000004",
                        "65a000000000000000000005",
                        "65a000000000000000000006"),
                emails);
        Sim.api()
                .get("/api/v2/usergroups/65b000000000000000000003/members")
                .then()
                .body("$", hasSize(5));
        Sim.api()
                .get("/api/v2/usergroups/65b000000000000000000003/membership")
                .then()
                .body("$", hasSize(5));
        given().formParam("email", "ada@acme.test")
                .post("/saml2/gatehouse-demo/login")
                .then()
                .statusCode(200);
        given().formParam("email", "margaret@acme.test")
                .post("/saml2/gatehouse-demo/login")
                .then()
                .statusCode(200);
        given().formParam("email", "ken@acme.test")
                .post("/saml2/gatehouse-demo/login")
                .then()
                .statusCode(403);
        given().formParam("email", "dennis@acme.test")
                .post("/saml2/gatehouse-demo/login")
                .then()
                .statusCode(403);
        given().get("/saml2/gatehouse-demo/metadata")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("HTTP-Redirect"));
    }

    @Test
    void generatorBuildsALargeOrgThatPagesBySortedIds() {
        Sim.reset();
        String app = Sim.app(Sim.appBody("big"));
        var result = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "users",
                        100_000,
                        "groups",
                        List.of(Map.of("name", "Big", "size", 100_000), Map.of("name", "Small", "size", 10)),
                        "appId",
                        app))
                .post("/sim/generate")
                .then()
                .statusCode(201)
                .body("users", equalTo(100_000))
                .body("groups.name", containsInAnyOrder("Big", "Small"))
                .extract();
        String big = result.path("groups[0].id");
        String lastUser = result.path("lastUserId");
        Sim.api()
                .queryParam("limit", 100)
                .queryParam("sort", "_id")
                .get("/api/v2/usergroups/" + big + "/membership")
                .then()
                .statusCode(200)
                .header("X-Total-Count", "100000")
                .body("$", hasSize(100))
                .body("[0].id", equalTo(result.path("firstUserId")));
        Sim.api()
                .queryParam("limit", 100)
                .queryParam("skip", 99_950)
                .get("/api/v2/usergroups/" + big + "/membership")
                .then()
                .statusCode(200)
                .body("$", hasSize(50))
                .body("id", hasItem(lastUser));
        Sim.api()
                .queryParam("limit", 100)
                .queryParam("skip", 99_999)
                .get("/api/systemusers")
                .then()
                .body("totalCount", equalTo(100_000))
                .body("results[0]._id", equalTo(lastUser));
        Sim.api()
                .queryParam("limit", 100)
                .get("/api/v2/applications/" + app + "/users")
                .then()
                .header("X-Total-Count", "100000");
        given().contentType(ContentType.JSON)
                .body(Map.of("users", 1, "groups", List.of(Map.of("name", "X", "size", 5))))
                .post("/sim/generate")
                .then()
                .statusCode(400);
    }
}
