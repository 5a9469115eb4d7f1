package io.gatehouse.users.domain;

import io.gatehouse.events.Role;

/**
 * Who calls an API use case: the platform operator ({@code id} = {@code operator}) or an account user
 * ({@code id} = {@code user:<userId>}, with their role).
 */
public record Actor(String id, boolean operator, Role role) {
    /** Whether this actor is the account user {@code userId} (never true for the operator). */
    public boolean isUser(java.util.UUID userId) {
        return !operator && userId != null && ("user:" + userId).equals(id);
    }

    public Cause cause(String reason) {
        return new Cause(id, null, reason);
    }
}
