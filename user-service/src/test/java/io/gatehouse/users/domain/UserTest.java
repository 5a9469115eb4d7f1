package io.gatehouse.users.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.events.MemberSource;
import io.gatehouse.events.Role;
import io.gatehouse.events.RoleProvenance;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The user aggregate's rules, with fixed instants. */
class UserTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static User user() {
        return User.fromLogin("acme", "ada@acme.test", "Ada", "L", Role.AGENT, T, T);
    }

    @Test
    void manualRoleWinsOverMappedRoleUntilClearedThenMappedRoleReturns() {
        User u = user();
        assertThat(u.applyDirectoryRole(Role.SUPERVISOR, true, MemberSource.SYNC, List.of("g"), T))
                .isNotNull();
        User.RoleChange pinned = u.setManualRole(Role.ADMIN, T);
        assertThat(pinned.previousRole()).isEqualTo(Role.SUPERVISOR);
        assertThat(u.role()).isEqualTo(Role.ADMIN);
        assertThat(u.roleProvenance()).isEqualTo(RoleProvenance.MANUAL);
        // the directory changes the mapped role: the effective role does not move
        assertThat(u.applyDirectoryRole(Role.AGENT, false, MemberSource.SYNC, List.of(), T))
                .isNull();
        assertThat(u.role()).isEqualTo(Role.ADMIN);
        User.RoleChange cleared = u.clearManualRole(T);
        assertThat(cleared.role()).isEqualTo(Role.AGENT);
        assertThat(cleared.provenance()).isEqualTo(RoleProvenance.DEFAULT);
    }

    @Test
    void sameRoleAndProvenanceIsNoChange() {
        User u = user();
        assertThat(u.applyDirectoryRole(Role.AGENT, false, MemberSource.SYNC, List.of(), T))
                .isNull();
        assertThat(u.applyDirectoryRole(Role.AGENT, true, MemberSource.SYNC, List.of("g"), T))
                .isNotNull();
    }

    @Test
    void olderEventsOfASourceAreStaleButEqualOrNewerAreNot() {
        User u = user();
        assertThat(u.isStaleDirectoryEvent(T)).isFalse();
        u.markDirectoryEvent(T.plusSeconds(10));
        assertThat(u.isStaleDirectoryEvent(T.plusSeconds(9))).isTrue();
        assertThat(u.isStaleDirectoryEvent(T.plusSeconds(10))).isFalse();
        // the login source has its own mark
        assertThat(u.isStaleLoginEvent(T.plusSeconds(1))).isFalse();
    }

    @Test
    void profileFromAnOlderEventIsIgnoredWhateverTheSource() {
        User u = user();
        assertThat(u.updateProfile("Ada@Acme.test", "Ada", "King", T.plusSeconds(5), T))
                .containsExactly("email", "lastName");
        assertThat(u.updateProfile("ada@acme.test", "Old", "Name", T.plusSeconds(2), T))
                .isEmpty();
        assertThat(u.email()).isEqualTo("Ada@Acme.test");
        assertThat(u.lastName()).isEqualTo("King");
    }

    @Test
    void revokeAndRestoreChangeStatusOnlyOnce() {
        User u = user();
        assertThat(u.restore("GRANTED", T, T)).isFalse();
        assertThat(u.revoke("SUSPENDED", T.plusSeconds(1), T)).isTrue();
        assertThat(u.revoke("DELETED", T.plusSeconds(2), T)).isFalse();
        assertThat(u.statusReason()).isEqualTo("SUSPENDED");
        assertThat(u.statusChangedAt()).isEqualTo(T.plusSeconds(1));
        assertThat(u.restore("GRANTED", T.plusSeconds(3), T)).isTrue();
        assertThat(u.status()).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void groupsAreStoredSortedAndWithoutDuplicates() {
        User u = user();
        assertThat(u.updateMembership("jc-1", List.of("b", "a", "b"), T)).isTrue();
        assertThat(u.groups()).containsExactly("a", "b");
        assertThat(u.updateMembership("jc-1", List.of("a", "b"), T)).isFalse();
    }
}
