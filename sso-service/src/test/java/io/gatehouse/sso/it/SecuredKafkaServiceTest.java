package io.gatehouse.sso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.events.AccountUpserted;
import io.gatehouse.events.LoginFailed;
import io.gatehouse.events.Plan;
import io.gatehouse.events.Role;
import io.gatehouse.events.RoleProvenance;
import io.gatehouse.events.Topics;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.platform.outbox.Outbox;
import io.gatehouse.sso.domain.AccountRepository;
import io.gatehouse.sso.domain.KnownUserRepository;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.testsupport.SecuredKafka;
import io.gatehouse.testsupport.SecuredKafkaResource;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * sso-service against a broker secured like the Strimzi cluster (SASL_SSL, SCRAM-SHA-512 over TLS, ACLs of its
 * KafkaUser only), configured by the deployment's {@code kafka.*} keys alone: its consumers apply user-service's
 * account and user events (written with user-service's credentials) in their own consumer groups, its outbox
 * relay writes its login events, and it reports ready.
 */
@QuarkusTest
@TestProfile(SecuredKafkaServiceTest.AsItsKafkaUser.class)
class SecuredKafkaServiceTest {

    /** No global test resource (the plaintext broker): the secured broker as sso-service's KafkaUser. */
    public static class AsItsKafkaUser implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(
                    new TestResourceEntry(PostgresResource.class, Map.of("database", "sso")),
                    new TestResourceEntry(TestDnsServer.class),
                    new TestResourceEntry(SecuredKafkaResource.class, Map.of("service", "sso-service")));
        }
    }

    @Test
    void accountAndUserEventsArriveAndLoginEventsLeaveThroughTheSecuredBrokerAsItsOwnKafkaUser() {
        SecuredKafka kafka = SecuredKafka.get();
        String accountId = "acct-" + UUID.randomUUID().toString().substring(0, 8);
        String email = "barbara@" + accountId + ".test";
        try (KafkaTestClient users = new KafkaTestClient(kafka.clientConfig("user-service"));
                KafkaTestClient admin = new KafkaTestClient(kafka.adminConfig())) {
            users.publish(AccountUpserted.of(Instant.now(), accountId, "Secured " + accountId, Plan.BUSINESS));
            Fixture.await(
                    "the account (gatehouse.accounts.v1)",
                    Duration.ofSeconds(60),
                    () -> QuarkusTransaction.requiringNew()
                            .call(() -> Arc.container()
                                            .instance(AccountRepository.class)
                                            .get()
                                            .findById(accountId)
                                    != null));

            users.publish(UserProvisioned.of(
                    Instant.now(),
                    accountId,
                    "u-1",
                    email,
                    "Barbara",
                    "Liskov",
                    Role.AGENT,
                    RoleProvenance.DEFAULT,
                    "SSO"));
            Fixture.await(
                    "the user (gatehouse.users.v1)",
                    Duration.ofSeconds(60),
                    () -> QuarkusTransaction.requiringNew()
                            .call(() -> Arc.container()
                                    .instance(KnownUserRepository.class)
                                    .get()
                                    .lookup(accountId, email)
                                    .latest()
                                    .isPresent()));

            // a login event through the outbox: the relay sends it as sso-service
            QuarkusTransaction.requiringNew()
                    .run(() -> Arc.container()
                            .instance(Outbox.class)
                            .get()
                            .publish(LoginFailed.of(
                                    Instant.now(), accountId, email, "audience", "Configuration", "ref-1")));
            assertEquals(
                    1,
                    admin.events(
                                    Topics.SSO_LOGINS,
                                    Duration.ofSeconds(30),
                                    e -> e instanceof LoginFailed f
                                            && f.accountId().equals(accountId),
                                    1)
                            .size());
        }
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }
}
