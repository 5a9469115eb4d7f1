package io.gatehouse.users.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.events.LoginFlow;
import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.Role;
import io.gatehouse.events.Topics;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.events.UserRoleChanged;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.SecuredKafka;
import io.gatehouse.users.support.Api;
import io.gatehouse.users.support.Eventually;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * user-service against a broker secured like the Strimzi cluster (SASL_SSL, SCRAM-SHA-512 over TLS, ACLs of its
 * KafkaUser only), configured by the deployment's {@code kafka.*} keys alone: its consumers read sso-service's logins
 * and directory-service's memberships (each written here with that service's own credentials) in their own
 * consumer groups, its outbox relay writes its lifecycle events, and it reports ready.
 */
@QuarkusTest
@TestProfile(SecuredKafkaProfile.class)
class SecuredKafkaServiceTest {
    private static final String ACCOUNT = "secured-kafka";
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void loginsAndMembershipsArriveAndLifecycleEventsLeaveThroughTheSecuredBrokerAsItsOwnKafkaUser() {
        SecuredKafka kafka = SecuredKafka.get();
        Api.createAccount(ACCOUNT);
        String email = "grace@secured.test";
        try (KafkaTestClient sso = new KafkaTestClient(kafka.clientConfig("sso-service"));
                KafkaTestClient directory = new KafkaTestClient(kafka.clientConfig("directory-service"));
                KafkaTestClient admin = new KafkaTestClient(kafka.adminConfig())) {
            sso.publish(LoginSucceeded.of(
                    T0, ACCOUNT, email, email, "Grace", "Hopper", "jumpcloud", LoginFlow.SP_INITIATED, Role.AGENT));
            Map<String, Object> user = Eventually.get(() -> Api.userByEmail(ACCOUNT, email), u -> u != null);
            assertThat(user)
                    .as("the login (gatehouse.sso.logins.v1) made the user")
                    .isNotNull();
            String userId = (String) user.get("id");

            directory.publish(MemberGranted.of(
                    T0.plusSeconds(1),
                    ACCOUNT,
                    "jc-grace",
                    email,
                    "Grace",
                    "Hopper",
                    List.of("Admins"),
                    Role.ADMIN,
                    true,
                    MemberSource.SYNC));
            user = Eventually.get(() -> Api.userByEmail(ACCOUNT, email), u -> "ADMIN".equals(u.get("role")));
            assertThat(user)
                    .as("the membership (gatehouse.directory.members.v1) applied")
                    .containsEntry("role", "ADMIN")
                    .containsEntry("source", "DIRECTORY");

            // the relay's events, read back by the super user
            assertThat(admin.events(
                            Topics.USERS,
                            Duration.ofSeconds(30),
                            e -> e instanceof UserProvisioned p && p.userId().equals(userId),
                            1))
                    .hasSize(1);
            assertThat(admin.events(
                            Topics.USERS,
                            Duration.ofSeconds(30),
                            e -> e instanceof UserRoleChanged c && c.userId().equals(userId),
                            1))
                    .hasSize(1);
        }
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }
}
