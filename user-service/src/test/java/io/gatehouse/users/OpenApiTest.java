package io.gatehouse.users;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.OpenApiChecks;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.users.support.AuthResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at /q/openapi lists every admin endpoint with its problem codes (issue 19 point 8). */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "users"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(AuthResource.class)
class OpenApiTest {
    @Test
    void everyAdminEndpointIsDocumentedWithItsProblemCodes() {
        OpenApiChecks doc = new OpenApiChecks(given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertEquals(
                new TreeSet<>(List.of(
                        "put /api/accounts/{accountId}",
                        "get /api/accounts/{accountId}",
                        "get /api/accounts/{accountId}/audit",
                        "get /api/accounts/{accountId}/users",
                        "get /api/accounts/{accountId}/users/stats",
                        "get /api/accounts/{accountId}/users/{userId}",
                        "post /api/accounts/{accountId}/users/{userId}/restore",
                        "post /api/accounts/{accountId}/users/{userId}/revoke",
                        "put /api/accounts/{accountId}/users/{userId}/role",
                        "delete /api/accounts/{accountId}/users/{userId}/role")),
                new TreeSet<>(doc.adminOperations()));
        assertEquals(List.of(), doc.defects());
        assertTrue(doc.response("put /api/accounts/{accountId}/users/{userId}/role", "403")
                .contains("`role_escalation`"));
        assertTrue(doc.response("post /api/accounts/{accountId}/users/{userId}/revoke", "404")
                .contains("`user_not_found`"));
        assertTrue(doc.response("get /api/accounts/{accountId}/users", "401").contains("`token_revoked`"));
    }
}
