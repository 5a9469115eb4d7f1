package io.gatehouse.sso.domain;

import io.gatehouse.events.Role;
import java.time.Instant;
import java.util.Objects;

/**
 * A user as announced by user-service: id, role, and whether their access is revoked. A row of {@code sso_user} as
 * a login reads it; only the {@code users} channel writes the table ({@link KnownUserRepository#announce}, ADR 0028).
 */
public record KnownUser(Key key, String email, Role role, boolean revoked, Instant updatedAt) {
    /** A user's identity: the account and user-service's id for them. */
    public record Key(String accountId, String userId) {
        public Key {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(userId, "userId");
        }
    }

    /** A stored row as read with plain JDBC ({@link KnownUserRepository#lookup}). */
    static KnownUser restore(
            String accountId, String userId, String email, Role role, boolean revoked, Instant updatedAt) {
        return new KnownUser(new Key(accountId, userId), email, role, revoked, updatedAt);
    }
}
