package io.gatehouse.directory.scim;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.UUID;

/**
 * Membership of a SCIM user in a SCIM group. Rows are written and deleted with queries ({@code ScimStore}); the
 * entity is read-only (ADR 0018).
 */
@Entity
@Table(name = "scim_group_member")
@IdClass(ScimGroupMember.Key.class)
public class ScimGroupMember {
    @Id
    @Column(name = "group_id")
    private UUID groupId;

    @Id
    @Column(name = "user_id")
    private UUID userId;

    public static class Key implements Serializable {
        private UUID groupId;
        private UUID userId;

        public UUID groupId() {
            return groupId;
        }

        public UUID userId() {
            return userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && java.util.Objects.equals(groupId, k.groupId)
                    && java.util.Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(groupId, userId);
        }
    }

    protected ScimGroupMember() {
        // for JPA
    }

    public UUID groupId() {
        return groupId;
    }

    public UUID userId() {
        return userId;
    }
}
