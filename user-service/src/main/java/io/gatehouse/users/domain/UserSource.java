package io.gatehouse.users.domain;

import io.gatehouse.events.MemberSource;

/** Who manages a user: created just in time by an SSO login, by the directory sync, by SCIM push, or by hand. */
public enum UserSource {
    SSO,
    DIRECTORY,
    SCIM,
    MANUAL;

    public static UserSource of(MemberSource source) {
        return source == MemberSource.SCIM ? SCIM : DIRECTORY;
    }

    public boolean isDirectory() {
        return this == DIRECTORY || this == SCIM;
    }
}
