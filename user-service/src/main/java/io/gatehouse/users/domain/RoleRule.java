package io.gatehouse.users.domain;

import io.gatehouse.events.MemberSource;
import io.gatehouse.events.Role;
import io.gatehouse.events.RoleProvenance;
import java.util.List;

/**
 * The one role rule (ADR 0012): a user's effective role is the first that exists of
 * <ol>
 *   <li>an admin's manual override ({@link Basis#MANUAL}),</li>
 *   <li>the role mapped from the user's JumpCloud groups ({@link Basis#GROUP_MAPPING}),</li>
 *   <li>the directory connection's default role ({@link Basis#DIRECTORY_DEFAULT}),</li>
 *   <li>the SSO connection's default role, given at the just-in-time creation ({@link Basis#SSO_DEFAULT}).</li>
 * </ol>
 * And which directory events speak about groups: a reconciliation always does (it reads the groups bound to the
 * application); a SCIM push does when it names groups, or once SCIM has named groups for this user (group push is
 * on). A SCIM push with no groups while group push is off says nothing about groups, so it never takes away a
 * group-mapped role that a reconciliation set.
 */
public final class RoleRule {

    /** Why a user has their role, finer than the event contract's {@link RoleProvenance}. */
    public enum Basis {
        MANUAL(RoleProvenance.MANUAL),
        GROUP_MAPPING(RoleProvenance.GROUP_MAPPING),
        DIRECTORY_DEFAULT(RoleProvenance.DEFAULT),
        SSO_DEFAULT(RoleProvenance.DEFAULT);

        private final RoleProvenance provenance;

        Basis(RoleProvenance provenance) {
            this.provenance = provenance;
        }

        public RoleProvenance provenance() {
            return provenance;
        }
    }

    /** The effective role and why. */
    public record Effective(Role role, Basis basis) {
        public RoleProvenance provenance() {
            return basis.provenance();
        }
    }

    private RoleRule() {}

    /**
     * The effective role from the four inputs (each null when absent); at least one of them must be present.
     */
    public static Effective effective(Role manual, Role groupMapped, Role directoryDefault, Role ssoDefault) {
        if (manual != null) {
            return new Effective(manual, Basis.MANUAL);
        }
        return withoutOverride(groupMapped, directoryDefault, ssoDefault);
    }

    /** The role the user would have without a manual override. */
    public static Effective withoutOverride(Role groupMapped, Role directoryDefault, Role ssoDefault) {
        if (groupMapped != null) {
            return new Effective(groupMapped, Basis.GROUP_MAPPING);
        }
        if (directoryDefault != null) {
            return new Effective(directoryDefault, Basis.DIRECTORY_DEFAULT);
        }
        if (ssoDefault != null) {
            return new Effective(ssoDefault, Basis.SSO_DEFAULT);
        }
        throw new IllegalStateException("a user needs a role: no override, mapping or default");
    }

    /**
     * Whether a directory event speaks about the user's groups (and so may set or clear the group mapping).
     *
     * @param scimGroupsSeen whether an earlier SCIM event already named groups for this user
     */
    public static boolean speaksAboutGroups(MemberSource source, List<String> groups, boolean scimGroupsSeen) {
        return source != MemberSource.SCIM || (groups != null && !groups.isEmpty()) || scimGroupsSeen;
    }
}
