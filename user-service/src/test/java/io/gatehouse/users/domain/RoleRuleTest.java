package io.gatehouse.users.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.events.MemberSource;
import io.gatehouse.events.Role;
import io.gatehouse.events.RoleProvenance;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The role rule: manual override > group mapping > directory default > SSO default, and who speaks about groups. */
class RoleRuleTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void effectiveWhenEveryInputIsSetThenManualWins() {
        assertThat(RoleRule.effective(Role.SUPERVISOR, Role.ADMIN, Role.AGENT, Role.AGENT))
                .isEqualTo(new RoleRule.Effective(Role.SUPERVISOR, RoleRule.Basis.MANUAL));
    }

    @Test
    void effectiveWhenNoManualThenGroupMappingWinsOverBothDefaults() {
        RoleRule.Effective e = RoleRule.effective(null, Role.ADMIN, Role.AGENT, Role.SUPERVISOR);
        assertThat(e).isEqualTo(new RoleRule.Effective(Role.ADMIN, RoleRule.Basis.GROUP_MAPPING));
        assertThat(e.provenance()).isEqualTo(RoleProvenance.GROUP_MAPPING);
    }

    @Test
    void effectiveWhenOnlyDefaultsThenDirectoryDefaultWinsOverSsoDefault() {
        RoleRule.Effective e = RoleRule.effective(null, null, Role.AGENT, Role.SUPERVISOR);
        assertThat(e).isEqualTo(new RoleRule.Effective(Role.AGENT, RoleRule.Basis.DIRECTORY_DEFAULT));
        assertThat(e.provenance()).isEqualTo(RoleProvenance.DEFAULT);
    }

    @Test
    void effectiveWhenOnlySsoDefaultThenSsoDefault() {
        assertThat(RoleRule.effective(null, null, null, Role.SUPERVISOR))
                .isEqualTo(new RoleRule.Effective(Role.SUPERVISOR, RoleRule.Basis.SSO_DEFAULT));
    }

    @Test
    void effectiveWhenNothingThenError() {
        assertThatThrownBy(() -> RoleRule.effective(null, null, null, null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void speaksAboutGroupsWhenReconciliationAlwaysAndScimOnlyWithGroupsOrOnceSeen() {
        assertThat(RoleRule.speaksAboutGroups(MemberSource.SYNC, List.of(), false))
                .isTrue();
        assertThat(RoleRule.speaksAboutGroups(MemberSource.SCIM, List.of("Admins"), false))
                .isTrue();
        assertThat(RoleRule.speaksAboutGroups(MemberSource.SCIM, List.of(), false))
                .isFalse();
        assertThat(RoleRule.speaksAboutGroups(MemberSource.SCIM, null, false)).isFalse();
        assertThat(RoleRule.speaksAboutGroups(MemberSource.SCIM, List.of(), true))
                .isTrue();
    }

    @Test
    void applyWhenScimWithoutGroupsAfterReconciliationMappedARoleThenRoleKept() {
        User u = User.fromDirectory(
                "acme",
                "ada@acme.test",
                "Ada",
                "L",
                Role.ADMIN,
                true,
                MemberSource.SYNC,
                List.of("Admins"),
                UserSource.DIRECTORY,
                T,
                T);
        // group push off: every SCIM update carries no groups and the directory's default role
        assertThat(u.applyDirectoryRole(Role.AGENT, false, MemberSource.SCIM, List.of(), T))
                .isNull();
        assertThat(u.applyDirectoryRole(Role.AGENT, false, MemberSource.SCIM, List.of(), T))
                .isNull();
        assertThat(u.role()).isEqualTo(Role.ADMIN);
        assertThat(u.roleBasis()).isEqualTo(RoleRule.Basis.GROUP_MAPPING);
        assertThat(u.isSpokenAboutGroups(MemberSource.SCIM, List.of())).isFalse();
        // a reconciliation that finds the user in no mapped group does take it away
        User.RoleChange c = u.applyDirectoryRole(Role.AGENT, false, MemberSource.SYNC, List.of(), T);
        assertThat(c)
                .isEqualTo(new User.RoleChange(
                        Role.ADMIN, RoleProvenance.GROUP_MAPPING, Role.AGENT, RoleProvenance.DEFAULT));
        assertThat(u.roleBasis()).isEqualTo(RoleRule.Basis.DIRECTORY_DEFAULT);
    }

    @Test
    void applyWhenScimGroupPushIsOnThenScimWithoutGroupsClearsTheMapping() {
        User u = User.fromDirectory(
                "acme",
                "ada@acme.test",
                "Ada",
                "L",
                Role.ADMIN,
                true,
                MemberSource.SCIM,
                List.of("Admins"),
                UserSource.SCIM,
                T,
                T);
        assertThat(u.isSpokenAboutGroups(MemberSource.SCIM, List.of())).isTrue();
        assertThat(u.applyDirectoryRole(Role.AGENT, false, MemberSource.SCIM, List.of(), T))
                .isNotNull();
        assertThat(u.role()).isEqualTo(Role.AGENT);
        assertThat(u.roleBasis()).isEqualTo(RoleRule.Basis.DIRECTORY_DEFAULT);
    }

    @Test
    void applyWhenSsoUserJoinsTheDirectoryThenDirectoryDefaultWinsAndALaterLoginChangesNothing() {
        User u = User.fromLogin("acme", "ada@acme.test", "Ada", "L", Role.SUPERVISOR, T, T);
        assertThat(u.roleBasis()).isEqualTo(RoleRule.Basis.SSO_DEFAULT);
        assertThat(u.applyDirectoryRole(Role.AGENT, false, MemberSource.SYNC, List.of(), T)
                        .role())
                .isEqualTo(Role.AGENT);
        assertThat(u.roleBasis()).isEqualTo(RoleRule.Basis.DIRECTORY_DEFAULT);
        assertThat(u.recordSsoDefault(Role.ADMIN, T)).isNull();
        assertThat(u.ssoDefaultRole()).isEqualTo(Role.SUPERVISOR);
        assertThat(u.role()).isEqualTo(Role.AGENT);
    }

    @Test
    void applyWhenDirectoryUserLogsInThenSsoDefaultIsRecordedButDoesNotApply() {
        User u = User.fromDirectory(
                "acme",
                "ada@acme.test",
                "Ada",
                "L",
                Role.AGENT,
                false,
                MemberSource.SYNC,
                List.of(),
                UserSource.DIRECTORY,
                T,
                T);
        assertThat(u.recordSsoDefault(Role.ADMIN, T)).isNull();
        assertThat(u.role()).isEqualTo(Role.AGENT);
        assertThat(u.mappedRole()).isEqualTo(Role.AGENT);
        assertThat(u.setManualRole(Role.SUPERVISOR, T).provenance()).isEqualTo(RoleProvenance.MANUAL);
        assertThat(u.roleBasis()).isEqualTo(RoleRule.Basis.MANUAL);
        assertThat(u.mappedRole()).isEqualTo(Role.AGENT);
    }
}
