package io.gatehouse.events;

/** Where directory-service learned of a membership change. */
public enum MemberSource {
    /** Reconciliation against the JumpCloud API (scheduled or on demand). */
    SYNC,
    /** A SCIM 2.0 request pushed by JumpCloud's Identity Management. */
    SCIM
}
