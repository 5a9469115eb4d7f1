package io.gatehouse.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.LoginFlow;
import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.MemberUpdated;
import io.gatehouse.events.RevocationReason;
import io.gatehouse.events.Role;
import io.gatehouse.events.RoleProvenance;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.events.UserRestored;
import io.gatehouse.events.UserRevoked;
import io.gatehouse.events.UserRoleChanged;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.users.support.Api;
import io.gatehouse.users.support.AuthResource;
import io.gatehouse.users.support.Eventually;
import io.gatehouse.users.support.Tokens;
import io.gatehouse.users.support.UserTopic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole life of users through the real broker and database: each real change emits exactly one lifecycle
 * event, asserted on the contents of {@code gatehouse.users.v1}.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "users"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(AuthResource.class)
class UserLifecycleTest {
    private static final String ACCOUNT = "lifecycle";
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static KafkaTestClient kafka;

    @BeforeAll
    static void setUp() {
        kafka = new KafkaTestClient();
    }

    @BeforeEach
    void account() {
        Api.createAccount(ACCOUNT);
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    /** Waits until the user (by email) satisfies the condition, and returns it. */
    private static Map<String, Object> awaitUser(String email, java.util.function.Predicate<Map<String, Object>> done) {
        Map<String, Object> user =
                Eventually.get(() -> Api.userByEmail(ACCOUNT, email), u -> u != null && done.test(u));
        assertThat(user).as("user %s", email).isNotNull();
        assertThat(done).accepts(user);
        return user;
    }

    @Test
    void jitCreateProfileGrantGroupRoleManualOverrideRevokeRestoreEachEmitOneEvent() {
        String email = "ada@lifecycle.test";
        // 1. first SSO login creates the user just in time with the event's default role
        kafka.publish(LoginSucceeded.of(
                t(1), ACCOUNT, email, email, "Ada", "Lovelace", "jumpcloud", LoginFlow.SP_INITIATED, Role.AGENT));
        Map<String, Object> user = awaitUser(email, u -> true);
        String userId = (String) user.get("id");
        assertThat(user)
                .containsEntry("role", "AGENT")
                .containsEntry("roleProvenance", "DEFAULT")
                .containsEntry("source", "SSO")
                .containsEntry("status", "ACTIVE")
                .containsEntry("lastLoginAt", "2026-03-01T09:00:01Z");

        // 2. a later login updates names, email case and last-login time, nothing else
        kafka.publish(LoginSucceeded.of(
                t(2),
                ACCOUNT,
                email,
                "Ada@Lifecycle.test",
                "Ada",
                "King",
                "jumpcloud",
                LoginFlow.IDP_INITIATED,
                Role.SUPERVISOR));
        user = awaitUser(email, u -> "King".equals(u.get("lastName")));
        assertThat(user)
                .containsEntry("email", "Ada@Lifecycle.test")
                .containsEntry("role", "AGENT")
                .containsEntry("lastLoginAt", "2026-03-01T09:00:02Z");

        // 3. the directory grants through a mapped group: role follows the group, the directory adopts the user
        kafka.publish(MemberGranted.of(
                t(3),
                ACCOUNT,
                "jc-ada",
                email,
                "Ada",
                "King",
                List.of("Supervisors"),
                Role.SUPERVISOR,
                true,
                MemberSource.SYNC));
        user = awaitUser(email, u -> "SUPERVISOR".equals(u.get("role")));
        assertThat(user)
                .containsEntry("roleProvenance", "GROUP_MAPPING")
                .containsEntry("source", "DIRECTORY")
                .containsEntry("groups", List.of("Supervisors"));

        // 4. a new group maps a higher role
        kafka.publish(MemberUpdated.of(
                t(4),
                ACCOUNT,
                "jc-ada",
                email,
                "Ada",
                "King",
                List.of("Supervisors", "Admins"),
                Role.ADMIN,
                true,
                MemberSource.SYNC));
        awaitUser(email, u -> "ADMIN".equals(u.get("role")));

        // 5. an admin pins SUPERVISOR by hand
        Api.as(Tokens.admin(ACCOUNT))
                .body(Map.of("role", "SUPERVISOR"))
                .put("/api/accounts/{a}/users/{u}/role", ACCOUNT, userId)
                .then()
                .statusCode(200);
        user = awaitUser(email, u -> "MANUAL".equals(u.get("roleProvenance")));
        assertThat(user)
                .containsEntry("role", "SUPERVISOR")
                .containsEntry("mappedRole", "ADMIN")
                .containsEntry("manualRole", "SUPERVISOR");

        // 6. a directory update does not overwrite the manual role (but the groups follow)
        kafka.publish(MemberUpdated.of(
                t(5), ACCOUNT, "jc-ada", email, "Ada", "King", List.of("Admins"), Role.ADMIN, true, MemberSource.SYNC));
        user = awaitUser(email, u -> List.of("Admins").equals(u.get("groups")));
        assertThat(user).containsEntry("role", "SUPERVISOR").containsEntry("roleProvenance", "MANUAL");

        // 7. clearing the override restores the group-mapped role
        Api.as(Tokens.admin(ACCOUNT))
                .delete("/api/accounts/{a}/users/{u}/role", ACCOUNT, userId)
                .then()
                .statusCode(200);
        user = awaitUser(email, u -> "ADMIN".equals(u.get("role")));
        assertThat(user).containsEntry("roleProvenance", "GROUP_MAPPING").containsEntry("manualRole", null);

        // 8. the mapping group goes: the role falls back to the default
        kafka.publish(MemberUpdated.of(
                t(6),
                ACCOUNT,
                "jc-ada",
                email,
                "Ada",
                "King",
                List.of("Everyone"),
                Role.AGENT,
                false,
                MemberSource.SYNC));
        user = awaitUser(email, u -> "AGENT".equals(u.get("role")));
        assertThat(user).containsEntry("roleProvenance", "DEFAULT");

        // 9. revoked with its reason
        kafka.publish(MemberRevoked.of(
                t(7), ACCOUNT, "jc-ada", email, RevocationReason.REMOVED_FROM_GROUP, MemberSource.SYNC));
        user = awaitUser(email, u -> "REVOKED".equals(u.get("status")));
        assertThat(user).containsEntry("statusReason", "REMOVED_FROM_GROUP");
        Map<String, Object> detail = Api.asOperator()
                .get("/api/accounts/{a}/users/{u}", ACCOUNT, userId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        assertThat(detail)
                .containsEntry("statusReason", "REMOVED_FROM_GROUP")
                .containsEntry("statusChangedAt", "2026-03-01T09:00:07Z");

        // 10. a login of a revoked user never reactivates it
        kafka.publish(LoginSucceeded.of(
                t(8), ACCOUNT, email, email, "Ada", "King", "jumpcloud", LoginFlow.SP_INITIATED, Role.AGENT));
        user = awaitUser(email, u -> "2026-03-01T09:00:08Z".equals(u.get("lastLoginAt")));
        assertThat(user).containsEntry("status", "REVOKED");

        // 11. granted again: restored with the newly mapped role
        kafka.publish(MemberGranted.of(
                t(9), ACCOUNT, "jc-ada", email, "Ada", "King", List.of("Admins"), Role.ADMIN, true, MemberSource.SYNC));
        user = awaitUser(email, u -> "ACTIVE".equals(u.get("status")));
        assertThat(user).containsEntry("role", "ADMIN").containsEntry("statusReason", "GRANTED");

        List<GatehouseEvent> events = UserTopic.untilNth(userId, UserRestored.TYPE, 1);
        assertThat(UserTopic.types(events))
                .containsExactly(
                        UserProvisioned.TYPE,
                        UserRoleChanged.TYPE, // 3. AGENT -> SUPERVISOR by group
                        UserRoleChanged.TYPE, // 4. SUPERVISOR -> ADMIN by group
                        UserRoleChanged.TYPE, // 5. ADMIN -> SUPERVISOR manual
                        UserRoleChanged.TYPE, // 7. SUPERVISOR -> ADMIN cleared
                        UserRoleChanged.TYPE, // 8. ADMIN -> AGENT default
                        UserRevoked.TYPE,
                        UserRoleChanged.TYPE, // 11. AGENT -> ADMIN by group
                        UserRestored.TYPE);
        UserProvisioned provisioned = (UserProvisioned) events.get(0);
        assertThat(provisioned.role()).isEqualTo(Role.AGENT);
        assertThat(provisioned.roleProvenance()).isEqualTo(RoleProvenance.DEFAULT);
        assertThat(provisioned.source()).isEqualTo("SSO");
        assertThat(events.subList(1, 6).stream()
                        .map(e -> roleStep((UserRoleChanged) e))
                        .toList())
                .containsExactly(
                        "AGENT>SUPERVISOR:GROUP_MAPPING",
                        "SUPERVISOR>ADMIN:GROUP_MAPPING",
                        "ADMIN>SUPERVISOR:MANUAL",
                        "SUPERVISOR>ADMIN:GROUP_MAPPING",
                        "ADMIN>AGENT:DEFAULT");
        assertThat(((UserRevoked) events.get(6)).reason()).isEqualTo(RevocationReason.REMOVED_FROM_GROUP);
        assertThat(roleStep((UserRoleChanged) events.get(7))).isEqualTo("AGENT>ADMIN:GROUP_MAPPING");
        assertThat(((UserRestored) events.get(8)).role()).isEqualTo(Role.ADMIN);
        assertThat(events).allSatisfy(e -> assertThat(e.key()).isEqualTo(ACCOUNT + ":" + userId));

        // the audit trail tells each change with its cause, newest first
        List<Map<String, Object>> audit = Api.asOperator()
                .queryParam("size", 200)
                .get("/api/accounts/{a}/audit", ACCOUNT)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        List<Map<String, Object>> mine =
                audit.stream().filter(a -> userId.equals(a.get("userId"))).toList();
        assertThat(mine.get(0)).containsEntry("type", "USER_RESTORED").containsEntry("actor", "directory");
        assertThat(mine)
                .anySatisfy(a -> assertThat(a)
                        .containsEntry("type", "ROLE_ASSIGNED")
                        .containsEntry("actor", "user:admin-of-" + ACCOUNT));
        assertThat(mine)
                .anySatisfy(a -> assertThat(a)
                        .containsEntry("type", "USER_REVOKED")
                        .containsEntry("reason", "REMOVED_FROM_GROUP"));
        assertThat(mine.get(mine.size() - 1))
                .containsEntry("type", "USER_PROVISIONED")
                .containsEntry("actor", "sso");
        assertThat(mine).allSatisfy(a -> assertThat(a.get("type")).isNotNull());
        assertThat(mine.stream()
                        .filter(a -> a.get("eventId") != null)
                        .map(a -> a.get("eventId"))
                        .filter(Objects::nonNull)
                        .count())
                .isGreaterThanOrEqualTo(9);
    }

    @Test
    void scimGrantCreatesUserWithGroupRoleAndSourceScim() {
        String email = "grace@lifecycle.test";
        kafka.publish(MemberGranted.of(
                t(1),
                ACCOUNT,
                "jc-grace",
                email,
                "Grace",
                "Hopper",
                List.of("Admins"),
                Role.ADMIN,
                true,
                MemberSource.SCIM));
        Map<String, Object> user = awaitUser(email, u -> true);
        assertThat(user)
                .containsEntry("role", "ADMIN")
                .containsEntry("roleProvenance", "GROUP_MAPPING")
                .containsEntry("source", "SCIM")
                .containsEntry("externalId", "jc-grace")
                .containsEntry("groups", List.of("Admins"))
                .containsEntry("lastLoginAt", null);
        String userId = (String) user.get("id");
        // the revoke is the marker: everything before it is on the topic when it arrives
        kafka.publish(
                MemberRevoked.of(t(2), ACCOUNT, "jc-grace", email, RevocationReason.SUSPENDED, MemberSource.SCIM));
        List<GatehouseEvent> events = UserTopic.untilNth(userId, UserRevoked.TYPE, 1);
        assertThat(UserTopic.types(events)).containsExactly(UserProvisioned.TYPE, UserRevoked.TYPE);
        UserProvisioned p = (UserProvisioned) events.get(0);
        assertThat(p.source()).isEqualTo("SCIM");
        assertThat(p.roleProvenance()).isEqualTo(RoleProvenance.GROUP_MAPPING);
        assertThat(((UserRevoked) events.get(1)).reason()).isEqualTo(RevocationReason.SUSPENDED);
    }

    private static String roleStep(UserRoleChanged e) {
        return e.previousRole() + ">" + e.role() + ":" + e.roleProvenance();
    }
}
