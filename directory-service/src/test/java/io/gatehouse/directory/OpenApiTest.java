package io.gatehouse.directory;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.OpenApiChecks;
import io.gatehouse.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at /q/openapi lists every admin endpoint with its problem codes (issue 19 point 8). */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "directory"))
@QuarkusTestResource(KafkaResource.class)
class OpenApiTest {
    private static final String DIRECTORY = "/api/accounts/{accountId}/directory";

    @Test
    void everyAdminEndpointIsDocumentedWithItsProblemCodes() {
        OpenApiChecks doc = new OpenApiChecks(given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertEquals(
                new TreeSet<>(List.of(
                        "put " + DIRECTORY,
                        "get " + DIRECTORY,
                        "post " + DIRECTORY + "/sync",
                        "get " + DIRECTORY + "/groups",
                        "get " + DIRECTORY + "/syncs",
                        "get " + DIRECTORY + "/syncs/{syncId}",
                        "post " + DIRECTORY + "/syncs/{syncId}/approve",
                        "post " + DIRECTORY + "/scim-token")),
                new TreeSet<>(doc.adminOperations()));
        assertEquals(List.of(), doc.defects());
        assertTrue(doc.response("put " + DIRECTORY, "400").contains("`api_base_url_not_allowed`"));
        assertTrue(doc.response("put " + DIRECTORY, "403").contains("`role_escalation`"));
        assertTrue(doc.response("post " + DIRECTORY + "/sync", "503").contains("`sync_busy`"));
        assertTrue(doc.response("post " + DIRECTORY + "/syncs/{syncId}/approve", "409")
                .contains("`sync_stale`"));
    }
}
