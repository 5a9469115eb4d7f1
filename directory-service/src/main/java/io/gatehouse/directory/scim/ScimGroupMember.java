package io.gatehouse.directory.scim;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.UUID;

/** Membership of a SCIM user in a SCIM group. */
@Entity
@Table(name = "scim_group_member")
@IdClass(ScimGroupMember.Key.class)
public class ScimGroupMember {
    @Id
    @Column(name = "group_id")
    public UUID groupId;

    @Id
    @Column(name = "user_id")
    public UUID userId;

    public static class Key implements Serializable {
        public UUID groupId;
        public UUID userId;

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
}
