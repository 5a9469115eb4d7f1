package io.gatehouse.events;

/** Why a user holds their role. */
public enum RoleProvenance {
    /** The SSO connection's or directory's default role for new users. */
    DEFAULT,
    /** Mapped from a directory group; follows the groups. */
    GROUP_MAPPING,
    /** Set by an admin; kept until cleared. */
    MANUAL
}
