package io.gatehouse.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.gatehouse.events.AccountUpserted;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.Plan;
import io.gatehouse.events.Role;
import io.gatehouse.events.Topics;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.users.support.Api;
import io.gatehouse.users.support.AuthResource;
import io.gatehouse.users.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PUT/GET accounts: operator-only writes, 201/200, AccountUpserted once per real change, validation, auth. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "users"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(AuthResource.class)
class AccountApiTest {

    private static List<AccountUpserted> upserts(String accountId, int atLeast) {
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            return kafka
                    .events(Topics.ACCOUNTS, Duration.ofSeconds(30), e -> accountId.equals(e.accountId()), atLeast)
                    .stream()
                    .map(AccountUpserted.class::cast)
                    .toList();
        }
    }

    @Test
    void operatorCreatesThenUpdatesAndEachRealChangeEmitsAccountUpsertedOnce() {
        String id = "acme-accounts";
        Api.asOperator()
                .body(Map.of("name", "Acme", "plan", "STANDARD"))
                .put("/api/accounts/{id}", id)
                .then()
                .statusCode(201)
                .body("id", equalTo(id))
                .body("plan", equalTo("STANDARD"))
                .body("ssoAllowed", equalTo(false));
        // same values again: 200, no event
        Api.asOperator()
                .body(Map.of("name", "Acme", "plan", "STANDARD"))
                .put("/api/accounts/{id}", id)
                .then()
                .statusCode(200);
        Api.asOperator()
                .body(Map.of("name", "Acme Corp", "plan", "BUSINESS"))
                .put("/api/accounts/{id}", id)
                .then()
                .statusCode(200)
                .body("name", equalTo("Acme Corp"))
                .body("ssoAllowed", equalTo(true));
        List<AccountUpserted> events = upserts(id, 2);
        assertThat(events).extracting(AccountUpserted::plan).containsExactly(Plan.STANDARD, Plan.BUSINESS);
        assertThat(events).extracting(GatehouseEvent::key).containsOnly(id);

        Api.as(Tokens.user(id, "agent-1", Role.AGENT))
                .get("/api/accounts/{id}", id)
                .then()
                .statusCode(200)
                .body("name", equalTo("Acme Corp"));
        Api.as(Tokens.admin("other-account"))
                .get("/api/accounts/{id}", id)
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        RestAssured.given().get("/api/accounts/{id}", id).then().statusCode(401).body("code", equalTo("unauthorized"));
        Api.as(Tokens.admin(id))
                .body(Map.of("name", "Hijack", "plan", "ENTERPRISE"))
                .put("/api/accounts/{id}", id)
                .then()
                .statusCode(403);
        Api.as("not-a-token").get("/api/accounts/{id}", id).then().statusCode(401);
    }

    @Test
    void invalidInputAnswers400WithStableCode() {
        Api.asOperator()
                .body(Map.of("name", "Bad", "plan", "BUSINESS"))
                .put("/api/accounts/{id}", "Bad_Id")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"));
        Api.asOperator()
                .body(Map.of("name", "Bad", "plan", "BUSINESS"))
                .put("/api/accounts/{id}", "-leading")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        Api.asOperator()
                .body(Map.of("name", "x".repeat(201), "plan", "BUSINESS"))
                .put("/api/accounts/{id}", "longname")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        Api.asOperator()
                .body(Map.of("name", " ", "plan", "BUSINESS"))
                .put("/api/accounts/{id}", "blankname")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        Api.asOperator()
                .body(Map.of("name", "No plan"))
                .put("/api/accounts/{id}", "noplan")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        Api.asOperator()
                .body(Map.of("name", "Gold", "plan", "GOLD"))
                .put("/api/accounts/{id}", "goldplan")
                .then()
                .statusCode(400);
        RestAssured.given()
                .auth()
                .oauth2(Tokens.operator())
                .contentType(ContentType.JSON)
                .body("{not json")
                .put("/api/accounts/{id}", "malformed")
                .then()
                .statusCode(400);
        Api.asOperator()
                .get("/api/accounts/{id}", "does-not-exist")
                .then()
                .statusCode(404)
                .body("code", equalTo("account_not_found"));
    }
}
