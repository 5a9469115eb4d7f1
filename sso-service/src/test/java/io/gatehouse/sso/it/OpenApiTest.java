package io.gatehouse.sso.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testsupport.OpenApiChecks;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at /q/openapi lists every admin endpoint with its problem codes (issue 19 point 8). */
@QuarkusTest
class OpenApiTest {
    private static final String SSO = "/api/accounts/{accountId}/sso";
    private static final String DOMAINS = "/api/accounts/{accountId}/domains";

    @Test
    void everyAdminEndpointIsDocumentedWithItsProblemCodes() {
        OpenApiChecks doc = new OpenApiChecks(given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertEquals(
                new TreeSet<>(List.of(
                        "get /api/session",
                        "post /api/session/token",
                        "post /api/session/logout",
                        "post " + DOMAINS,
                        "get " + DOMAINS,
                        "post " + DOMAINS + "/{domain}/verify",
                        "put " + SSO,
                        "get " + SSO,
                        "post " + SSO + "/idp-metadata",
                        "post " + SSO + "/test",
                        "get " + SSO + "/test/{testId}",
                        "get /api/jwt/keys",
                        "post /api/jwt/keys/rotate")),
                new TreeSet<>(doc.adminOperations()));
        assertEquals(List.of(), doc.defects());
        assertTrue(doc.response("post " + DOMAINS + "/{domain}/verify", "409").contains("`domain_not_verified`"));
        assertTrue(doc.response("put " + SSO, "403").contains("`plan_required`"));
        assertTrue(doc.response("post /api/session/token", "409").contains("`user_not_provisioned`"));
        assertTrue(doc.response("post /api/jwt/keys/rotate", "401").contains("`unauthorized`"));
    }
}
