package io.gatehouse.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.gatehouse.events.LoginFlow;
import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.RevocationReason;
import io.gatehouse.events.Role;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.users.support.Api;
import io.gatehouse.users.support.AuthResource;
import io.gatehouse.users.support.Eventually;
import io.gatehouse.users.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Queries (filters, paging, stats, audit) and who may assign roles. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "users"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(AuthResource.class)
class UserApiTest {
    private static final String ACCOUNT = "queries";
    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final Map<String, String> IDS = new HashMap<>();

    @BeforeEach
    void population() {
        if (!IDS.isEmpty()) {
            return;
        }
        Api.createAccount(ACCOUNT);
        Api.createAccount("elsewhere");
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(MemberGranted.of(
                    T0,
                    ACCOUNT,
                    "jc-1",
                    "alice@queries.test",
                    "Alice",
                    "Archer",
                    List.of("Admins"),
                    Role.ADMIN,
                    true,
                    MemberSource.SYNC));
            kafka.publish(MemberGranted.of(
                    T0,
                    ACCOUNT,
                    "jc-2",
                    "bob@queries.test",
                    "Bob",
                    "Baker",
                    List.of("Support"),
                    Role.AGENT,
                    true,
                    MemberSource.SYNC));
            kafka.publish(MemberGranted.of(
                    T0,
                    ACCOUNT,
                    "jc-3",
                    "carol@queries.test",
                    "Carol",
                    "Smith_Jones",
                    List.of("Leads"),
                    Role.SUPERVISOR,
                    true,
                    MemberSource.SCIM));
            kafka.publish(LoginSucceeded.of(
                    T0,
                    ACCOUNT,
                    "dave",
                    "dave@queries.test",
                    "Dave",
                    "Archer",
                    "jumpcloud",
                    LoginFlow.SP_INITIATED,
                    Role.AGENT));
            kafka.publish(MemberRevoked.of(
                    T0.plusSeconds(5),
                    ACCOUNT,
                    "jc-2",
                    "bob@queries.test",
                    RevocationReason.SUSPENDED,
                    MemberSource.SYNC));
        }
        for (String name : List.of("alice", "bob", "carol", "dave")) {
            Map<String, Object> u = Eventually.get(
                    () -> Api.userByEmail(ACCOUNT, name + "@queries.test"),
                    x -> x != null && (!name.equals("bob") || "REVOKED".equals(x.get("status"))));
            assertThat(u).isNotNull();
            IDS.put(name, (String) u.get("id"));
        }
    }

    private static JsonPath users(Map<String, Object> query) {
        return Api.asOperator()
                .queryParams(query)
                .get("/api/accounts/{a}/users", ACCOUNT)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void listFiltersByStatusRoleAndTextAndPages() {
        assertThat(users(Map.of()).getInt("total")).isEqualTo(4);
        assertThat(users(Map.of("status", "REVOKED")).<String>getList("items.email"))
                .containsExactly("bob@queries.test");
        assertThat(users(Map.of("role", "SUPERVISOR")).<String>getList("items.email"))
                .containsExactly("carol@queries.test");
        assertThat(users(Map.of("q", "ARCHER")).<String>getList("items.email"))
                .containsExactly("alice@queries.test", "dave@queries.test");
        assertThat(users(Map.of("q", "h_j")).<String>getList("items.email")).containsExactly("carol@queries.test");
        assertThat(users(Map.of("q", "%")).getInt("total")).isZero();
        JsonPath page1 = users(Map.of("size", 3, "page", 1));
        assertThat(page1.getInt("total")).isEqualTo(4);
        assertThat(page1.<String>getList("items.email")).containsExactly("dave@queries.test");
        Map<String, Object> carol = users(Map.of("q", "carol")).getMap("items[0]");
        assertThat(carol)
                .containsKeys(
                        "id",
                        "email",
                        "firstName",
                        "lastName",
                        "role",
                        "roleProvenance",
                        "groups",
                        "status",
                        "statusReason",
                        "source",
                        "createdAt",
                        "lastLoginAt");
        assertThat(carol).containsEntry("source", "SCIM").containsEntry("roleProvenance", "GROUP_MAPPING");
    }

    @Test
    void badQueryParametersAnswer400() {
        Api.asOperator()
                .queryParam("size", 201)
                .get("/api/accounts/{a}/users", ACCOUNT)
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        Api.asOperator()
                .queryParam("status", "SLEEPING")
                .get("/api/accounts/{a}/users", ACCOUNT)
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        Api.asOperator()
                .queryParam("page", -1)
                .get("/api/accounts/{a}/users", ACCOUNT)
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        Api.asOperator()
                .queryParam("since", "yesterday")
                .get("/api/accounts/{a}/audit", ACCOUNT)
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        Api.asOperator()
                .get("/api/accounts/{a}/users/{u}", ACCOUNT, "not-a-uuid")
                .then()
                .statusCode(404)
                .body("code", equalTo("user_not_found"));
        Api.asOperator()
                .get("/api/accounts/{a}/users/{u}", "elsewhere", IDS.get("alice"))
                .then()
                .statusCode(404);
    }

    @Test
    void userDetailShowsReasonAndTimeOfLastStatusChange() {
        Api.asOperator()
                .get("/api/accounts/{a}/users/{u}", ACCOUNT, IDS.get("bob"))
                .then()
                .statusCode(200)
                .body("status", equalTo("REVOKED"))
                .body("statusReason", equalTo("SUSPENDED"))
                .body("statusChangedAt", equalTo("2026-06-01T10:00:05Z"));
    }

    @Test
    void statsCountByStatusAndRole() {
        JsonPath stats = Api.as(Tokens.admin(ACCOUNT))
                .get("/api/accounts/{a}/users/stats", ACCOUNT)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(stats.getInt("total")).isEqualTo(4);
        assertThat(stats.getInt("byStatus.ACTIVE")).isEqualTo(3);
        assertThat(stats.getInt("byStatus.REVOKED")).isEqualTo(1);
        assertThat(stats.getInt("byRole.AGENT")).isEqualTo(2);
        assertThat(stats.getInt("byRole.ADMIN")).isEqualTo(1);
        assertThat(stats.getInt("byRole.OWNER")).isZero();
        assertThat(stats.getInt("activeByRole.AGENT")).isEqualTo(1);
        assertThat(stats.getInt("bySource.SSO")).isEqualTo(1);
    }

    @Test
    void auditIsNewestFirstFilterableAndPaged() {
        JsonPath all = Api.asOperator()
                .queryParam("size", 200)
                .get("/api/accounts/{a}/audit", ACCOUNT)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> times = all.getList("items.at");
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        List<Map<String, Object>> revoked = Api.asOperator()
                .queryParam("type", "USER_REVOKED")
                .get("/api/accounts/{a}/audit", ACCOUNT)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        assertThat(revoked)
                .singleElement()
                .satisfies(e -> assertThat(e)
                        .containsEntry("userId", IDS.get("bob"))
                        .containsEntry("actor", "directory")
                        .containsEntry("reason", "SUSPENDED")
                        .containsKey("eventId"));
        JsonPath paged = Api.asOperator()
                .queryParam("size", 2)
                .queryParam("page", 0)
                .get("/api/accounts/{a}/audit", ACCOUNT)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(paged.getList("items")).hasSize(2);
        assertThat(paged.getInt("total")).isEqualTo(all.getInt("total"));
        assertThat(Api.asOperator()
                        .queryParam("since", "2999-01-01T00:00:00Z")
                        .get("/api/accounts/{a}/audit", ACCOUNT)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("total"))
                .isZero();
    }

    @Test
    void onlyAdminsOfTheAccountOrTheOperatorReadUsersAndAssignRoles() {
        String carol = IDS.get("carol");
        RestAssured.given().get("/api/accounts/{a}/users", ACCOUNT).then().statusCode(401);
        Api.as(Tokens.admin("elsewhere"))
                .get("/api/accounts/{a}/users", ACCOUNT)
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        Api.as(Tokens.admin("elsewhere"))
                .body(Map.of("role", "ADMIN"))
                .put("/api/accounts/{a}/users/{u}/role", ACCOUNT, carol)
                .then()
                .statusCode(403);
        Api.as(Tokens.user(ACCOUNT, IDS.get("dave"), Role.AGENT))
                .body(Map.of("role", "ADMIN"))
                .put("/api/accounts/{a}/users/{u}/role", ACCOUNT, carol)
                .then()
                .statusCode(403);
        Api.as(Tokens.user(ACCOUNT, "sup", Role.SUPERVISOR))
                .get("/api/accounts/{a}/audit", ACCOUNT)
                .then()
                .statusCode(403);
        RestAssured.given()
                .body("{\"role\":\"ADMIN\"}")
                .contentType("application/json")
                .put("/api/accounts/{a}/users/{u}/role", ACCOUNT, carol)
                .then()
                .statusCode(401);
        // an admin cannot hand out OWNER; the operator can, and then only the operator or an OWNER changes that role
        Api.as(Tokens.admin(ACCOUNT))
                .body(Map.of("role", "OWNER"))
                .put("/api/accounts/{a}/users/{u}/role", ACCOUNT, carol)
                .then()
                .statusCode(403)
                .body("code", equalTo("role_escalation"));
        Api.asOperator()
                .body(Map.of("role", "OWNER"))
                .put("/api/accounts/{a}/users/{u}/role", ACCOUNT, carol)
                .then()
                .statusCode(200)
                .body("role", equalTo("OWNER"))
                .body("roleProvenance", equalTo("MANUAL"));
        Api.as(Tokens.admin(ACCOUNT))
                .delete("/api/accounts/{a}/users/{u}/role", ACCOUNT, carol)
                .then()
                .statusCode(403)
                .body("code", equalTo("role_escalation"));
        Api.asOperator()
                .body("{\"role\":null}")
                .put("/api/accounts/{a}/users/{u}/role", ACCOUNT, carol)
                .then()
                .statusCode(200)
                .body("role", equalTo("SUPERVISOR"))
                .body("roleProvenance", equalTo("GROUP_MAPPING"));
        // an OWNER (by JWT) of the account may assign ADMIN
        Api.as(Tokens.user(ACCOUNT, "the-owner", Role.OWNER))
                .body(Map.of("role", "ADMIN"))
                .put("/api/accounts/{a}/users/{u}/role", ACCOUNT, carol)
                .then()
                .statusCode(200)
                .body("role", equalTo("ADMIN"));
        Api.as(Tokens.admin(ACCOUNT))
                .body(Map.of("role", "CEO"))
                .put("/api/accounts/{a}/users/{u}/role", ACCOUNT, carol)
                .then()
                .statusCode(400);
        Api.as(Tokens.admin(ACCOUNT))
                .body(Map.of("role", "ADMIN"))
                .put(
                        "/api/accounts/{a}/users/{u}/role",
                        ACCOUNT,
                        java.util.UUID.randomUUID().toString())
                .then()
                .statusCode(404)
                .body("code", equalTo("user_not_found"));
        Api.as(Tokens.admin(ACCOUNT))
                .delete("/api/accounts/{a}/users/{u}/role", ACCOUNT, carol)
                .then()
                .statusCode(200);
    }

    @Test
    void adminCannotRevokeOrRestoreAnOwnerNorChangeTheirOwnAccessButAnOwnerCan() {
        String account = "escalation";
        Api.createAccount(account);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.publish(MemberGranted.of(
                    T0,
                    account,
                    "jc-ea",
                    "ann@escalation.test",
                    "Ann",
                    "Admin",
                    List.of("Admins"),
                    Role.ADMIN,
                    true,
                    MemberSource.SYNC));
            kafka.publish(MemberGranted.of(
                    T0,
                    account,
                    "jc-eo",
                    "otto@escalation.test",
                    "Otto",
                    "Owner",
                    List.of("Staff"),
                    Role.AGENT,
                    true,
                    MemberSource.SYNC));
        }
        String ann = (String) Eventually.get(() -> Api.userByEmail(account, "ann@escalation.test"), x -> x != null)
                .get("id");
        String otto = (String) Eventually.get(() -> Api.userByEmail(account, "otto@escalation.test"), x -> x != null)
                .get("id");
        String admin = Tokens.user(account, ann, Role.ADMIN);
        String users = "/api/accounts/{a}/users/{u}";

        // ann (ADMIN) on herself: no re-role, no clear, no restore
        for (Object role : List.of("ADMIN", "SUPERVISOR")) {
            Api.as(admin)
                    .body(Map.of("role", role))
                    .put(users + "/role", account, ann)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("code", equalTo("role_escalation"));
        }
        Api.as(admin)
                .delete(users + "/role", account, ann)
                .then()
                .statusCode(403)
                .body("code", equalTo("role_escalation"));
        Api.as(admin)
                .post(users + "/restore", account, ann)
                .then()
                .statusCode(403)
                .body("code", equalTo("role_escalation"));

        // otto is made OWNER and revoked by the operator: an admin may neither restore, revoke nor re-role him
        Api.asOperator()
                .body(Map.of("role", "OWNER"))
                .put(users + "/role", account, otto)
                .then()
                .statusCode(200)
                .body("role", equalTo("OWNER"));
        Api.asOperator().post(users + "/revoke", account, otto).then().statusCode(200);
        Api.as(admin)
                .post(users + "/restore", account, otto)
                .then()
                .statusCode(403)
                .body("code", equalTo("role_escalation"));
        String owner = Tokens.user(account, "another-owner", Role.OWNER);
        Api.as(owner)
                .post(users + "/restore", account, otto)
                .then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"));
        Api.as(admin)
                .post(users + "/revoke", account, otto)
                .then()
                .statusCode(403)
                .body("code", equalTo("role_escalation"));
        Api.as(admin)
                .body(Map.of("role", "AGENT"))
                .put(users + "/role", account, otto)
                .then()
                .statusCode(403)
                .body("code", equalTo("role_escalation"));
        Api.asOperator()
                .get(users, account, otto)
                .then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("role", equalTo("OWNER"));

        // an OWNER may make another OWNER, but nobody changes their own role; revoking oneself stays possible
        Api.as(owner)
                .body(Map.of("role", "OWNER"))
                .put(users + "/role", account, ann)
                .then()
                .statusCode(200)
                .body("role", equalTo("OWNER"));
        Api.as(Tokens.user(account, ann, Role.OWNER))
                .delete(users + "/role", account, ann)
                .then()
                .statusCode(403)
                .body("code", equalTo("role_escalation"));
        Api.as(Tokens.user(account, ann, Role.OWNER))
                .post(users + "/revoke", account, ann)
                .then()
                .statusCode(200)
                .body("status", equalTo("REVOKED"));
    }

    @Test
    void adminRevokesAndRestoresByHand() {
        String dave = IDS.get("dave");
        Api.as(Tokens.admin(ACCOUNT))
                .post("/api/accounts/{a}/users/{u}/revoke", ACCOUNT, dave)
                .then()
                .statusCode(200)
                .body("status", equalTo("REVOKED"))
                .body("statusReason", equalTo("MANUAL"));
        Api.as(Tokens.admin(ACCOUNT))
                .post("/api/accounts/{a}/users/{u}/restore", ACCOUNT, dave)
                .then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("statusReason", equalTo("MANUAL"));
    }
}
