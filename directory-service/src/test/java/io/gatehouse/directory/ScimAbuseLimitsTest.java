package io.gatehouse.directory;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * directory-service's abuse limits with low limits: SCIM answers 429 with the RFC 7644 error body and the admin API
 * with problem+json, both with {@code Retry-After}; another account's SCIM calls still pass.
 */
@QuarkusTest
@TestProfile(ScimAbuseLimitsTest.LowLimits.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "directory"))
@QuarkusTestResource(KafkaResource.class)
class ScimAbuseLimitsTest {
    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gatehouse.abuse-limits.scim.per-address",
                    "100",
                    "gatehouse.abuse-limits.scim.per-account",
                    "4",
                    "gatehouse.abuse-limits.admin-api.per-address",
                    "3");
        }
    }

    private static Response scimList(String account) {
        return RestAssured.given().header("Authorization", "Bearer not-a-token").get("/scim/v2/{a}/Users", account);
    }

    @Test
    void scimWhenAccountOverLimitThen429ScimErrorWithRetryAfter() {
        for (int i = 0; i < 4; i++) {
            assertNotEquals(429, scimList("acme-flooded").statusCode(), "request " + i);
        }
        scimList("acme-flooded")
                .then()
                .statusCode(429)
                .contentType("application/scim+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]?"))
                .body("schemas", hasItem(ScimApiTest.ERROR_SCHEMA))
                .body("status", equalTo("429"));
        assertNotEquals(429, scimList("acme-quiet").statusCode(), "another account is not affected");
    }

    @Test
    void adminApiWhenAddressOverLimitThen429ProblemJson() {
        for (int i = 0; i < 3; i++) {
            assertNotEquals(
                    429, Api.operator().get("/api/accounts/acme/directory").statusCode());
        }
        Api.operator()
                .get("/api/accounts/acme/directory")
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]?"))
                .body("code", equalTo("rate_limited"));
    }
}
