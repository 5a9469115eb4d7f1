package io.gatehouse.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.events.LoginFlow;
import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.Role;
import io.gatehouse.events.Topics;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.KafkaTestClient;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.users.support.Api;
import io.gatehouse.users.support.AuthResource;
import io.gatehouse.users.support.Eventually;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Poison messages land on {@code <topic>.dlq} and the consumers keep applying the following events. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "users"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(AuthResource.class)
class PoisonMessageTest {
    private static final String ACCOUNT = "poison";
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

    private static List<ConsumerRecord<String, byte[]>> dlq(String topic, String key) {
        return kafka.records(Topics.deadLetter(topic), Duration.ofSeconds(45), r -> key.equals(r.key()), 1);
    }

    @Test
    void notJsonOnMembersTopicIsDeadLetteredAndTheNextEventApplies() {
        String email = "after-garbage@poison.test";
        String key = ACCOUNT + ":garbage";
        kafka.publishRaw(Topics.DIRECTORY_MEMBERS, key, "this is not json".getBytes(StandardCharsets.UTF_8));
        kafka.publish(MemberGranted.of(
                Instant.parse("2026-05-01T00:00:00Z"),
                ACCOUNT,
                "jc-after",
                email,
                "Af",
                "Ter",
                List.of(),
                Role.AGENT,
                false,
                MemberSource.SYNC));
        List<ConsumerRecord<String, byte[]>> dead = dlq(Topics.DIRECTORY_MEMBERS, key);
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("this is not json");
        assertThat(KafkaTestClient.header(dead.get(0), "dlq_error")).isNotBlank();
        assertThat(Eventually.get(() -> Api.userByEmail(ACCOUNT, email), u -> u != null))
                .isNotNull();
    }

    @Test
    void unknownEventTypeIsDeadLettered() {
        String key = ACCOUNT + ":unknown-type";
        String json = "{\"eventId\":\"6f1c1d1e-1111-4a4a-9b9b-000000000001\",\"eventType\":\"MemberTeleported\","
                + "\"schemaVersion\":1,\"occurredAt\":\"2026-05-01T00:00:00Z\",\"accountId\":\"poison\"}";
        kafka.publishRaw(Topics.SSO_LOGINS, key, json.getBytes(StandardCharsets.UTF_8));
        assertThat(dlq(Topics.SSO_LOGINS, key)).hasSize(1);
    }

    @Test
    void validEventOfTheWrongKindOrWithMissingDataIsRejectedNotSwallowed() {
        // a login event on the membership topic: this consumer does not know what to do with it
        LoginSucceeded misplaced = LoginSucceeded.of(
                Instant.parse("2026-05-01T00:00:00Z"),
                ACCOUNT,
                "x",
                "misplaced@poison.test",
                "Mis",
                "Placed",
                "jumpcloud",
                LoginFlow.SP_INITIATED,
                Role.AGENT);
        kafka.publishRaw(
                Topics.DIRECTORY_MEMBERS, ACCOUNT + ":misplaced", io.gatehouse.events.EventJson.toBytes(misplaced));
        // a grant without a role cannot be applied
        MemberGranted noRole = MemberGranted.of(
                Instant.parse("2026-05-01T00:00:00Z"),
                ACCOUNT,
                "jc-norole",
                "norole@poison.test",
                "No",
                "Role",
                List.of(),
                null,
                false,
                MemberSource.SYNC);
        kafka.publishRaw(Topics.DIRECTORY_MEMBERS, ACCOUNT + ":norole", io.gatehouse.events.EventJson.toBytes(noRole));
        String email = "after-bad@poison.test";
        kafka.publish(MemberGranted.of(
                Instant.parse("2026-05-01T00:00:01Z"),
                ACCOUNT,
                "jc-after-bad",
                email,
                "Af",
                "Ter",
                List.of(),
                Role.AGENT,
                false,
                MemberSource.SYNC));

        assertThat(dlq(Topics.DIRECTORY_MEMBERS, ACCOUNT + ":misplaced")).hasSize(1);
        List<ConsumerRecord<String, byte[]>> dead = dlq(Topics.DIRECTORY_MEMBERS, ACCOUNT + ":norole");
        assertThat(dead).hasSize(1);
        assertThat(KafkaTestClient.header(dead.get(0), "dlq_error")).contains("missing role");
        assertThat(Eventually.get(() -> Api.userByEmail(ACCOUNT, email), u -> u != null))
                .isNotNull();
        Map<String, Object> none = Api.userByEmail(ACCOUNT, "norole@poison.test");
        assertThat(none).isNull();
    }
}
