package io.gatehouse.directory.scim;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A SCIM User pushed by JumpCloud; the resource as sent (minus id, meta, password) is kept as JSON. */
@Entity
@Table(name = "scim_user")
public class ScimUser {
    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(name = "user_name", nullable = false)
    public String userName;

    @Column(name = "external_id")
    public String externalId;

    @Column(nullable = false)
    public boolean active;

    @Column(name = "resource_json", nullable = false)
    public String resourceJson;

    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
