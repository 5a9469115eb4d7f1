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
import java.util.Objects;

/** A user as announced by user-service: id, role, and whether their access is revoked. */
@Entity
@Table(name = "sso_user")
public class KnownUser {
    @EmbeddedId
    public Key key;

    public String email;

    @Enumerated(EnumType.STRING)
    public Role role;

    public boolean revoked;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "account_id")
        public String accountId;

        @Column(name = "user_id")
        public String userId;

        public Key() {}

        public Key(String accountId, String userId) {
            this.accountId = accountId;
            this.userId = userId;
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
}
