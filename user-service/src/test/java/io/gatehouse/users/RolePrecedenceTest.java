package io.gatehouse.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.events.GatehouseEvent;
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

/**
 * The role rule through the real broker and database: with SCIM group push off, SCIM updates (no groups, the
 * directory's default role) do not flip the group-mapped role a reconciliation set; a reconciliation that finds
 * the user in no mapped group does change it.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "users"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(AuthResource.class)
class RolePrecedenceTest {
    private static final String ACCOUNT = "precedence";
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
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

    @Test
    void scimUpdateWithoutGroupsAfterPollingMappedARoleDoesNotChangeTheRole() {
        String email = "hedy@precedence.test";
        kafka.publish(MemberGranted.of(
                T0,
                ACCOUNT,
                "jc-hedy",
                email,
                "Hedy",
                "Lamarr",
                List.of("Admins"),
                Role.ADMIN,
                true,
                MemberSource.SYNC));
        kafka.publish(MemberUpdated.of(
                T0.plusSeconds(1),
                ACCOUNT,
                "jc-hedy",
                email,
                "Hedy",
                "Lamarr",
                List.of(),
                Role.AGENT,
                false,
                MemberSource.SCIM));
        kafka.publish(MemberUpdated.of(
                T0.plusSeconds(2),
                ACCOUNT,
                "jc-hedy",
                email,
                "Hedwig",
                "Lamarr",
                List.of(),
                Role.AGENT,
                false,
                MemberSource.SCIM));
        Map<String, Object> user = Eventually.get(
                () -> Api.userByEmail(ACCOUNT, email), u -> u != null && "Hedwig".equals(u.get("firstName")));
        assertThat(user)
                .isNotNull()
                .containsEntry("role", "ADMIN")
                .containsEntry("roleProvenance", "GROUP_MAPPING")
                .containsEntry("roleBasis", "GROUP_MAPPING")
                .containsEntry("groups", List.of("Admins"));
        String userId = (String) user.get("id");

        // the next reconciliation finds her in no mapped group: that one does change the role
        kafka.publish(MemberUpdated.of(
                T0.plusSeconds(30),
                ACCOUNT,
                "jc-hedy",
                email,
                "Hedwig",
                "Lamarr",
                List.of(),
                Role.AGENT,
                false,
                MemberSource.SYNC));
        kafka.publish(MemberRevoked.of(
                T0.plusSeconds(31), ACCOUNT, "jc-hedy", email, RevocationReason.SUSPENDED, MemberSource.SYNC));
        List<GatehouseEvent> events = UserTopic.untilNth(userId, UserRevoked.TYPE, 1);
        assertThat(UserTopic.types(events))
                .containsExactly(UserProvisioned.TYPE, UserRoleChanged.TYPE, UserRevoked.TYPE);
        UserRoleChanged changed = (UserRoleChanged) events.get(1);
        assertThat(changed.previousRole()).isEqualTo(Role.ADMIN);
        assertThat(changed.role()).isEqualTo(Role.AGENT);
        assertThat(Api.userByEmail(ACCOUNT, email))
                .containsEntry("roleBasis", "DIRECTORY_DEFAULT")
                .containsEntry("groups", List.of());
    }
}
