package io.gatehouse.sso.domain;

import io.gatehouse.events.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A user as announced by user-service: id, role, and whether their access is revoked. Changed only by
 * {@link #announce} (ADR 0018).
 */
@Entity
@Table(name = "sso_user")
public class KnownUser {
    @EmbeddedId
    private Key key;

    private String email;

    @Enumerated(EnumType.STRING)
    private Role role;

    private boolean revoked;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "account_id")
        private String accountId;

        @Column(name = "user_id")
        private String userId;

        protected Key() {
            // for JPA
        }

        public Key(String accountId, String userId) {
            this.accountId = accountId;
            this.userId = userId;
        }

        public String accountId() {
            return accountId;
        }

        public String userId() {
            return userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(accountId, k.accountId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(accountId, userId);
        }
    }

    protected KnownUser() {
        // for JPA
    }

    /** A user not announced before: not revoked; {@link #announce} it before persisting. */
    public static KnownUser create(String accountId, String userId) {
        KnownUser u = new KnownUser();
        u.key = new Key(accountId, userId);
        u.revoked = false;
        return u;
    }

    /** A stored row as read with plain JDBC ({@link KnownUserRepository#lookup}), detached. */
    static KnownUser restore(
            String accountId, String userId, String email, Role role, boolean revoked, Instant updatedAt) {
        KnownUser u = create(accountId, userId);
        u.email = email;
        u.role = role;
        u.revoked = revoked;
        u.updatedAt = updatedAt;
        return u;
    }

    /**
     * What a user event at {@code at} says: the email (kept lower case), the role, revoked or restored; a null
     * keeps the current value.
     */
    public void announce(String newEmail, Role newRole, Boolean newRevoked, Instant at) {
        if (newEmail != null) {
            email = newEmail.toLowerCase(Locale.ROOT);
        }
        if (newRole != null) {
            role = newRole;
        }
        if (newRevoked != null) {
            revoked = newRevoked;
        }
        updatedAt = at;
    }

    public Key key() {
        return key;
    }

    public String email() {
        return email;
    }

    public Role role() {
        return role;
    }

    public boolean revoked() {
        return revoked;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
