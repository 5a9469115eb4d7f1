package io.gatehouse.users.support;

import io.gatehouse.events.Plan;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** REST helpers for tests. */
public final class Api {
    private Api() {}

    public static RequestSpecification as(String token) {
        return RestAssured.given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    public static RequestSpecification asOperator() {
        return as(Tokens.operator());
    }

    public static void createAccount(String accountId) {
        asOperator()
                .body(Map.of("name", "Account " + accountId, "plan", Plan.BUSINESS.name()))
                .put("/api/accounts/{id}", accountId)
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(201), org.hamcrest.Matchers.is(200)));
    }

    /** The user with this (lower-case) email as the API shows it, or null. */
    public static Map<String, Object> userByEmail(String accountId, String email) {
        JsonPath page = asOperator()
                .queryParam("q", email)
                .get("/api/accounts/{id}/users", accountId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (Map<String, Object> item : page.<Map<String, Object>>getList("items")) {
            if (email.equalsIgnoreCase((String) item.get("email"))) {
                return item;
            }
        }
        return null;
    }
}
