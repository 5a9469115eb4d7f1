package io.gatehouse.directory;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Test helpers for the operator-authenticated API. */
final class Api {
    static final String OPERATOR = "test-operator-token";

    private Api() {}

    static RequestSpecification operator() {
        return RestAssured.given().header("Authorization", "Bearer " + OPERATOR).contentType(ContentType.JSON);
    }

    static String newAccount(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** PUT a connection; returns the status. */
    static int putConnection(String accountId, Map<String, Object> body) {
        return operator()
                .body(body)
                .put("/api/accounts/{id}/directory", accountId)
                .then()
                .extract()
                .statusCode();
    }
}
