package io.gatehouse.events;

/** Why access was taken away. */
public enum RevocationReason {
    REMOVED_FROM_GROUP,
    SUSPENDED,
    LOCKED,
    DELETED,
    NOT_ACTIVATED,
    MANUAL
}
