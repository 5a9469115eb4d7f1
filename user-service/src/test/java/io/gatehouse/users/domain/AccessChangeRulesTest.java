package io.gatehouse.users.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatehouse.events.MemberSource;
import io.gatehouse.events.Role;
import io.gatehouse.platform.domain.DomainException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Who may change whose access: ADMIN vs OWNER vs operator, and nobody on themselves. */
class AccessChangeRulesTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Actor OPERATOR = new Actor("operator", true, null);

    private static User user(Role role) {
        return User.fromDirectory(
                "acme",
                role + "@acme.test",
                "F",
                "L",
                role,
                true,
                MemberSource.SYNC,
                List.of("Mapped group"),
                UserSource.DIRECTORY,
                T,
                T);
    }

    private static Actor actor(User u) {
        return new Actor("user:" + u.id(), false, u.role());
    }

    private static Actor someone(Role role) {
        return actor(user(role));
    }

    private static void refused(Executable check) {
        DomainException e = assertThrows(DomainException.class, check);
        assertThat(e.kind()).isEqualTo(DomainException.Kind.FORBIDDEN);
        assertThat(e.code()).isEqualTo("role_escalation");
    }

    @Test
    void adminWhenAssigningOwnerOrTouchingAnOwnerThenRoleEscalation() {
        Actor admin = someone(Role.ADMIN);
        User owner = user(Role.OWNER);
        User agent = user(Role.AGENT);
        refused(() -> AccessChangeRules.requireMayAssign(admin, agent, Role.OWNER));
        refused(() -> AccessChangeRules.requireMayAssign(admin, owner, Role.AGENT));
        refused(() -> AccessChangeRules.requireMayClear(admin, owner));
        refused(() -> AccessChangeRules.requireMayRevoke(admin, owner));
        owner.revoke("MANUAL", T, T);
        refused(() -> AccessChangeRules.requireMayRestore(admin, owner));
        // below OWNER an admin keeps every power
        assertDoesNotThrow(() -> AccessChangeRules.requireMayAssign(admin, agent, Role.ADMIN));
        assertDoesNotThrow(() -> AccessChangeRules.requireMayClear(admin, agent));
        assertDoesNotThrow(() -> AccessChangeRules.requireMayRevoke(admin, agent));
        assertDoesNotThrow(() -> AccessChangeRules.requireMayRestore(admin, agent));
    }

    @Test
    void adminWhenClearingAnOverrideThatFallsBackToOwnerThenRoleEscalation() {
        User pinnedDown = user(Role.OWNER);
        pinnedDown.setManualRole(Role.AGENT, T); // directory maps OWNER, an override keeps AGENT
        refused(() -> AccessChangeRules.requireMayClear(someone(Role.ADMIN), pinnedDown));
        assertDoesNotThrow(() -> AccessChangeRules.requireMayClear(someone(Role.OWNER), pinnedDown));
    }

    @Test
    void anyoneButTheOperatorWhenActingOnThemselvesThenRoleEscalationExceptRevoke() {
        for (Role role : new Role[] {Role.ADMIN, Role.OWNER}) {
            User self = user(role);
            Actor me = actor(self);
            refused(() -> AccessChangeRules.requireMayAssign(me, self, Role.AGENT));
            refused(() -> AccessChangeRules.requireMayAssign(me, self, role));
            refused(() -> AccessChangeRules.requireMayClear(me, self));
            refused(() -> AccessChangeRules.requireMayRestore(me, self));
            assertDoesNotThrow(() -> AccessChangeRules.requireMayRevoke(me, self));
        }
    }

    @Test
    void ownerAndOperatorWhenActingOnAnotherOwnerThenAllowed() {
        for (Actor boss : new Actor[] {someone(Role.OWNER), OPERATOR}) {
            User owner = user(Role.OWNER);
            assertDoesNotThrow(() -> AccessChangeRules.requireMayAssign(boss, user(Role.AGENT), Role.OWNER));
            assertDoesNotThrow(() -> AccessChangeRules.requireMayAssign(boss, owner, Role.ADMIN));
            assertDoesNotThrow(() -> AccessChangeRules.requireMayClear(boss, owner));
            assertDoesNotThrow(() -> AccessChangeRules.requireMayRevoke(boss, owner));
            assertDoesNotThrow(() -> AccessChangeRules.requireMayRestore(boss, owner));
        }
    }

    @Test
    void actorIsUserOnlyForItsOwnIdAndNeverForTheOperator() {
        User u = user(Role.ADMIN);
        assertThat(actor(u).isUser(u.id())).isTrue();
        assertThat(actor(u).isUser(user(Role.ADMIN).id())).isFalse();
        assertThat(new Actor("user:" + u.id(), true, null).isUser(u.id())).isFalse();
    }
}
