package io.gatehouse.directory.scim;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A SCIM Group pushed by JumpCloud; members live in {@code scim_group_member}. */
@Entity
@Table(name = "scim_group")
public class ScimGroup {
    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(name = "external_id")
    public String externalId;

    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
