package io.gatehouse.sso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.Role;
import io.gatehouse.sso.domain.KnownUser;
import io.gatehouse.sso.domain.KnownUserRepository;
import io.gatehouse.sso.domain.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The {@code users} channel's one statement per event ({@link KnownUserRepository#announce}, ADR 0028) against the
 * real schema: what each kind of user event leaves in {@code sso_user}, as a login then reads it.
 */
@QuarkusTest
class KnownUserAnnounceTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Inject
    KnownUserRepository users;

    private String announce(String account, String userId, String email, Role role, Boolean revoked, Instant at) {
        return QuarkusTransaction.requiringNew().call(() -> users.announce(account, userId, email, role, revoked, at));
    }

    private KnownUser latest(String account, String email) {
        return users.lookup(account, email).latest().orElseThrow();
    }

    @Test
    void aNewUserIsStoredNotRevokedWithItsEmailInLowerCase() {
        String account = "acct-" + Tokens.reference().toLowerCase(Locale.ROOT);
        String stored = announce(account, "u-1", "Ada.Lovelace@" + account + ".TEST", Role.ADMIN, null, T0);

        String email = "ada.lovelace@" + account + ".test";
        assertEquals(email, stored);
        KnownUser user = latest(account, email);
        assertEquals("u-1", user.key().userId());
        assertEquals(Role.ADMIN, user.role());
        assertFalse(user.revoked());
        assertEquals(T0, user.updatedAt().truncatedTo(ChronoUnit.SECONDS));
        assertFalse(users.lookup(account, email).revoked());
    }

    @Test
    void aRevocationKeepsTheRoleAndARestoreLiftsIt() {
        String account = "acct-" + Tokens.reference().toLowerCase(Locale.ROOT);
        String email = "grace@" + account + ".test";
        announce(account, "u-2", email, Role.AGENT, null, T0);

        announce(account, "u-2", email, null, true, T0.plusSeconds(60));
        KnownUser revoked = latest(account, email);
        assertTrue(revoked.revoked());
        assertEquals(Role.AGENT, revoked.role());
        assertTrue(users.lookup(account, email).revoked());

        // a role change says nothing about revocation: the user stays revoked
        announce(account, "u-2", email, Role.ADMIN, null, T0.plusSeconds(120));
        assertTrue(latest(account, email).revoked());
        assertEquals(Role.ADMIN, latest(account, email).role());

        announce(account, "u-2", email, Role.AGENT, false, T0.plusSeconds(180));
        KnownUser restored = latest(account, email);
        assertFalse(restored.revoked());
        assertEquals(Role.AGENT, restored.role());
        assertEquals(T0.plusSeconds(180), restored.updatedAt().truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void aChangedEmailMovesTheUserAndAnEventWithoutOneKeepsIt() {
        String account = "acct-" + Tokens.reference().toLowerCase(Locale.ROOT);
        String before = "old@" + account + ".test";
        String after = "new@" + account + ".test";
        announce(account, "u-3", before, Role.AGENT, null, T0);
        announce(account, "u-3", after, null, null, T0.plusSeconds(60));
        assertTrue(users.lookup(account, before).latest().isEmpty());
        assertEquals("u-3", latest(account, after).key().userId());

        // no email in the event: the stored one is kept, and returned for ending the user's sessions
        assertEquals(after, announce(account, "u-3", null, null, true, T0.plusSeconds(120)));
        assertTrue(latest(account, after).revoked());
    }

    @Test
    void anEventWithoutAnEmailCannotIntroduceAUser() {
        String account = "acct-" + Tokens.reference().toLowerCase(Locale.ROOT);
        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> announce(account, "u-4", null, Role.AGENT, null, T0));
        assertTrue(refused.getMessage().contains("without an email"), refused.getMessage());
    }
}
