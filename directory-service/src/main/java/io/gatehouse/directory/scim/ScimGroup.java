package io.gatehouse.directory.scim;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A SCIM Group pushed by JumpCloud; members live in {@code scim_group_member}. Private state changed only through
 * {@link #update} (ADR 0018).
 */
@Entity
@Table(name = "scim_group")
public class ScimGroup {
    @Id
    private UUID id;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(name = "external_id")
    private String externalId;

    @Column(nullable = false)
    private long version;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ScimGroup() {
        // for JPA
    }

    /** A group JumpCloud pushed at {@code now}, version 0; its members are rows of {@link ScimGroupMember}. */
    public static ScimGroup create(String accountId, String displayName, String externalId, Instant now) {
        ScimGroup g = new ScimGroup();
        g.id = UUID.randomUUID();
        g.accountId = accountId;
        g.displayName = displayName;
        g.externalId = externalId;
        g.createdAt = now;
        g.updatedAt = now;
        return g;
    }

    /** A PUT or PATCH of the group: its name and external id as they are now, and a new version (the ETag). */
    public void update(String newDisplayName, String newExternalId, Instant now) {
        displayName = newDisplayName;
        externalId = newExternalId;
        updatedAt = now;
        version++;
    }

    public UUID id() {
        return id;
    }

    public String accountId() {
        return accountId;
    }

    public String displayName() {
        return displayName;
    }

    public String externalId() {
        return externalId;
    }

    public long version() {
        return version;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
