package io.gatehouse.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.gatehouse.events.LoginFlow;
import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.Role;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.users.domain.ApplyLogin;
import io.gatehouse.users.domain.ApplyMembership;
import io.gatehouse.users.domain.User;
import io.gatehouse.users.domain.UserRepository;
import io.gatehouse.users.domain.UserRepository.MemberKey;
import io.gatehouse.users.support.Api;
import io.gatehouse.users.support.AuthResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The batch lookup the membership consumer makes before applying a poll batch: one query finds and locks the
 * users of all the batch's members, and each member then resolves exactly as the one-member lookup would (the
 * JumpCloud id wins over the email, emails match case-insensitively, a member matching nobody is new).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "users"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(AuthResource.class)
class MemberBatchLookupTest {
    private static final String ACCOUNT = "batch-lookup";
    private static final String OTHER = "batch-lookup-other";
    private static final Instant T0 = Instant.parse("2026-09-01T08:00:00Z");

    @Inject
    UserRepository users;

    @Inject
    ApplyMembership applyMembership;

    @Inject
    ApplyLogin applyLogin;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void oneQueryLocksEveryMemberOfTheBatchAndEachResolvesAsAloneWould() {
        Api.createAccount(ACCOUNT);
        Api.createAccount(OTHER);
        applyMembership.granted(MemberGranted.of(
                T0,
                ACCOUNT,
                "jc-ada",
                "ada@batch.test",
                "Ada",
                "Lovelace",
                List.of("Agents"),
                Role.AGENT,
                true,
                MemberSource.SYNC));
        // a user known only by email (first came through SSO, no JumpCloud id yet)
        applyLogin.apply(LoginSucceeded.of(
                T0,
                ACCOUNT,
                "grace@batch.test",
                "Grace@Batch.test",
                "Grace",
                "Hopper",
                "jumpcloud",
                LoginFlow.SP_INITIATED,
                Role.AGENT));
        // the same JumpCloud id and email in another account must not be found
        applyMembership.granted(MemberGranted.of(
                T0,
                OTHER,
                "jc-new",
                "new@batch.test",
                "Other",
                "Account",
                List.of("Agents"),
                Role.AGENT,
                true,
                MemberSource.SYNC));
        UUID ada = id(ACCOUNT, "ada@batch.test");
        UUID grace = id(ACCOUNT, "grace@batch.test");

        QuarkusTransaction.requiringNew().run(() -> {
            users.lockMembers(List.of(
                    new MemberKey(ACCOUNT, "jc-ada", "grace@batch.test"), // id and email name different users
                    new MemberKey(ACCOUNT, "jc-grace", "GRACE@batch.test"),
                    new MemberKey(ACCOUNT, "jc-new", "new@batch.test"),
                    new MemberKey(ACCOUNT, null, "nobody@batch.test")));
            // both matching rows are locked by that one query, until this transaction ends
            assertThat(lockedElsewhere(ada)).isTrue();
            assertThat(lockedElsewhere(grace)).isTrue();

            assertThat(id(users.lockForMember(ACCOUNT, "jc-ada", "grace@batch.test")))
                    .contains(ada);
            assertThat(id(users.lockForMember(ACCOUNT, "jc-grace", "GRACE@batch.test")))
                    .contains(grace);
            assertThat(users.lockForMember(ACCOUNT, "jc-new", "new@batch.test")).isEmpty();
            assertThat(users.lockForMember(ACCOUNT, null, "nobody@batch.test")).isEmpty();
        });
        assertThat(lockedElsewhere(ada)).isFalse();
    }

    @Test
    void aMemberNotLookedUpInAdvanceIsStillFoundByItsOwnQuery() {
        Api.createAccount(ACCOUNT);
        applyMembership.granted(MemberGranted.of(
                T0,
                ACCOUNT,
                "jc-alan",
                "alan@batch.test",
                "Alan",
                "Turing",
                List.of("Agents"),
                Role.AGENT,
                true,
                MemberSource.SYNC));
        UUID alan = id(ACCOUNT, "alan@batch.test");
        QuarkusTransaction.requiringNew().run(() -> {
            users.lockMembers(List.of(new MemberKey(ACCOUNT, "jc-someone", "someone@batch.test")));
            assertThat(id(users.lockForMember(ACCOUNT, "jc-alan", "ALAN@batch.test")))
                    .contains(alan);
        });
    }

    private UUID id(String account, String email) {
        return QuarkusTransaction.requiringNew()
                .call(() -> users.findByEmail(account, email).orElseThrow().id());
    }

    private static Optional<UUID> id(Optional<User> user) {
        return user.map(User::id);
    }

    /** Tries to lock the row from another connection and transaction, without waiting. */
    private boolean lockedElsewhere(UUID id) {
        return CompletableFuture.supplyAsync(() -> {
                    try (Connection c = dataSource.getConnection();
                            PreparedStatement ps = c.prepareStatement(
                                    "select id from app_user where id = ? for no key update nowait")) {
                        c.setAutoCommit(false);
                        ps.setObject(1, id);
                        ps.executeQuery().close();
                        c.rollback();
                        return false;
                    } catch (SQLException e) {
                        if ("55P03".equals(e.getSQLState())) {
                            return true;
                        }
                        throw new IllegalStateException(e);
                    }
                })
                .join();
    }
}
