package io.gatehouse.events;

/** Product roles, highest first. */
public enum Role {
    OWNER,
    ADMIN,
    SUPERVISOR,
    AGENT;

    /** The higher of two roles (OWNER is highest); null-safe. */
    public static Role highest(Role a, Role b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.ordinal() <= b.ordinal() ? a : b;
    }
}
