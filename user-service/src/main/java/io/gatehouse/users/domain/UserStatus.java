package io.gatehouse.users.domain;

/** Whether a user has access. */
public enum UserStatus {
    ACTIVE,
    REVOKED
}
