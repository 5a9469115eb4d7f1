package io.gatehouse.events;

/** Subscription plans. SSO needs {@link #BUSINESS} or above. */
public enum Plan {
    FREE,
    STANDARD,
    BUSINESS,
    ENTERPRISE;

    public boolean allowsSso() {
        return this == BUSINESS || this == ENTERPRISE;
    }
}
