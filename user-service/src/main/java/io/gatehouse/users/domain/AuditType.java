package io.gatehouse.users.domain;

/** Kinds of audit entries. */
public enum AuditType {
    ACCOUNT_CREATED,
    ACCOUNT_UPDATED,
    USER_PROVISIONED,
    USER_UPDATED,
    USER_LOGGED_IN,
    LOGIN_FAILED,
    ROLE_CHANGED,
    ROLE_ASSIGNED,
    ROLE_CLEARED,
    USER_REVOKED,
    USER_RESTORED
}
