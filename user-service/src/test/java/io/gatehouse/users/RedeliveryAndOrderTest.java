package io.gatehouse.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.LoginFailed;
import io.gatehouse.events.LoginFlow;
import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.MemberUpdated;
import io.gatehouse.events.RevocationReason;
import io.gatehouse.events.Role;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.events.UserRevoked;
import io.gatehouse.events.UserRoleChanged;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.users.support.Api;
import io.gatehouse.users.support.AuthResource;
import io.gatehouse.users.support.Eventually;
import io.gatehouse.users.support.UserTopic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redelivered events have one effect; an older event of the same source never undoes a newer one. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "users"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(AuthResource.class)
class RedeliveryAndOrderTest {
    private static final String ACCOUNT = "redelivery";
    private static final Instant T0 = Instant.parse("2026-04-01T08:00:00Z");
    private static KafkaTestClient kafka;

    @BeforeAll
    static void setUp() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    @BeforeEach
    void account() {
        Api.createAccount(ACCOUNT);
    }

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static Map<String, Object> awaitUser(String email, java.util.function.Predicate<Map<String, Object>> done) {
        Map<String, Object> user =
                Eventually.get(() -> Api.userByEmail(ACCOUNT, email), u -> u != null && done.test(u));
        assertThat(user).as("user %s", email).isNotNull();
        assertThat(done).accepts(user);
        return user;
    }

    private static List<Map<String, Object>> auditOf(String userId) {
        List<Map<String, Object>> items = Api.asOperator()
                .queryParam("size", 200)
                .get("/api/accounts/{a}/audit", ACCOUNT)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        return items.stream().filter(a -> userId.equals(a.get("userId"))).toList();
    }

    @Test
    void sameGrantPublishedTwiceHasOneEffectAndOneLifecycleEvent() {
        String email = "twice@redelivery.test";
        MemberGranted grant = MemberGranted.of(
                t(1), ACCOUNT, "jc-twice", email, "Twi", "Ce", List.of("Admins"), Role.ADMIN, true, MemberSource.SYNC);
        kafka.publish(grant);
        kafka.publish(grant);
        String userId = (String) awaitUser(email, u -> true).get("id");
        // marker: its event comes after anything the duplicate could have caused
        kafka.publish(MemberRevoked.of(t(2), ACCOUNT, "jc-twice", email, RevocationReason.DELETED, MemberSource.SYNC));
        List<GatehouseEvent> events = UserTopic.untilNth(userId, UserRevoked.TYPE, 1);
        assertThat(UserTopic.types(events)).containsExactly(UserProvisioned.TYPE, UserRevoked.TYPE);
        assertThat(auditOf(userId).stream()
                        .filter(a -> "USER_PROVISIONED".equals(a.get("type")))
                        .count())
                .isEqualTo(1);
        assertThat(Api.asOperator()
                        .queryParam("q", "twice@")
                        .get("/api/accounts/{a}/users", ACCOUNT)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("total"))
                .isEqualTo(1);
    }

    @Test
    void sameLoginPublishedTwiceCreatesOneUserAndOneAuditEntry() {
        String email = "login-twice@redelivery.test";
        LoginSucceeded login = LoginSucceeded.of(
                t(1), ACCOUNT, email, email, "Lo", "Gin", "jumpcloud", LoginFlow.IDP_INITIATED, Role.AGENT);
        kafka.publish(login);
        kafka.publish(login);
        String userId = (String) awaitUser(email, u -> true).get("id");
        kafka.publish(LoginSucceeded.of(
                t(2), ACCOUNT, email, email, "Lo", "Gin2", "jumpcloud", LoginFlow.IDP_INITIATED, Role.AGENT));
        awaitUser(email, u -> "Gin2".equals(u.get("lastName")));
        List<Map<String, Object>> audit = auditOf(userId);
        assertThat(audit).extracting(a -> a.get("type")).containsExactly("USER_LOGGED_IN", "USER_PROVISIONED");
    }

    @Test
    void aggregatedLoginFailurePublishedTwiceIsOneAuditEntryWithItsCount() {
        LoginFailed aggregate = LoginFailed.aggregate(t(3), ACCOUNT, "sig_invalid", "Certificate error", 37);
        kafka.publish(aggregate);
        kafka.publish(aggregate);
        // marker: its entry comes after anything the duplicate could have caused
        String email = "after-aggregate@redelivery.test";
        kafka.publish(LoginSucceeded.of(
                t(4), ACCOUNT, email, email, "Af", "Ter", "jumpcloud", LoginFlow.IDP_INITIATED, Role.AGENT));
        awaitUser(email, u -> true);
        List<Map<String, Object>> entries = Api.asOperator()
                .queryParam("size", 200)
                .get("/api/accounts/{a}/audit", ACCOUNT)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .<Map<String, Object>>getList("items")
                .stream()
                .filter(a -> aggregate.eventId().toString().equals(a.get("eventId")))
                .toList();
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("type")).isEqualTo("LOGIN_FAILED");
        assertThat(entries.get(0).get("userId")).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) entries.get(0).get("details");
        assertThat(details)
                .containsEntry("count", 37)
                .doesNotContainKey("email")
                .doesNotContainKey("referenceId");
    }

    @Test
    void olderDirectoryEventArrivingLateIsSkippedButTheNextOneApplies() {
        String email = "late@redelivery.test";
        kafka.publish(MemberGranted.of(
                t(1), ACCOUNT, "jc-late", email, "La", "Te", List.of("Agents"), Role.AGENT, true, MemberSource.SYNC));
        kafka.publish(MemberUpdated.of(
                t(10), ACCOUNT, "jc-late", email, "La", "Te", List.of("Admins"), Role.ADMIN, true, MemberSource.SYNC));
        String userId =
                (String) awaitUser(email, u -> "ADMIN".equals(u.get("role"))).get("id");
        // older than the applied update: skipped (and marked processed)
        kafka.publish(MemberUpdated.of(
                t(5),
                ACCOUNT,
                "jc-late",
                email,
                "Old",
                "Name",
                List.of("Agents"),
                Role.AGENT,
                true,
                MemberSource.SYNC));
        kafka.publish(MemberRevoked.of(t(4), ACCOUNT, "jc-late", email, RevocationReason.LOCKED, MemberSource.SYNC));
        // newer: applied
        kafka.publish(MemberUpdated.of(
                t(20),
                ACCOUNT,
                "jc-late",
                email,
                "La",
                "Te",
                List.of("Admins", "Ops"),
                Role.ADMIN,
                true,
                MemberSource.SYNC));
        Map<String, Object> user =
                awaitUser(email, u -> List.of("Admins", "Ops").equals(u.get("groups")));
        assertThat(user)
                .containsEntry("role", "ADMIN")
                .containsEntry("status", "ACTIVE")
                .containsEntry("firstName", "La");
        kafka.publish(
                MemberRevoked.of(t(30), ACCOUNT, "jc-late", email, RevocationReason.SUSPENDED, MemberSource.SYNC));
        List<GatehouseEvent> events = UserTopic.untilNth(userId, UserRevoked.TYPE, 1);
        assertThat(UserTopic.types(events))
                .containsExactly(UserProvisioned.TYPE, UserRoleChanged.TYPE, UserRevoked.TYPE);
        assertThat(((UserRevoked) events.get(2)).reason()).isEqualTo(RevocationReason.SUSPENDED);
    }

    @Test
    void olderLoginArrivingLateDoesNotUndoNewerProfileOrLastLogin() {
        String email = "stale-login@redelivery.test";
        kafka.publish(LoginSucceeded.of(
                t(10), ACCOUNT, email, email, "New", "Name", "jumpcloud", LoginFlow.SP_INITIATED, Role.AGENT));
        awaitUser(email, u -> true);
        kafka.publish(LoginSucceeded.of(
                t(5), ACCOUNT, email, email, "Old", "Name", "jumpcloud", LoginFlow.SP_INITIATED, Role.AGENT));
        kafka.publish(LoginSucceeded.of(
                t(15), ACCOUNT, email, email, "New", "Name", "jumpcloud", LoginFlow.SP_INITIATED, Role.AGENT));
        Map<String, Object> user = awaitUser(email, u -> "2026-04-01T08:00:15Z".equals(u.get("lastLoginAt")));
        assertThat(user).containsEntry("firstName", "New");
        String userId = (String) user.get("id");
        assertThat(auditOf(userId).stream()
                        .filter(a -> "USER_LOGGED_IN".equals(a.get("type")))
                        .count())
                .isEqualTo(1);
    }
}
