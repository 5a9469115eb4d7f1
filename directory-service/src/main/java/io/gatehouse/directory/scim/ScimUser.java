package io.gatehouse.directory.scim;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A SCIM User pushed by JumpCloud; the resource as sent (minus id, meta, password) is kept as JSON. Private state
 * changed only through {@link #replace} (ADR 0018).
 */
@Entity
@Table(name = "scim_user")
public class ScimUser {
    @Id
    private UUID id;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Column(name = "user_name", nullable = false)
    private String userName;

    @Column(name = "external_id")
    private String externalId;

    @Column(nullable = false)
    private boolean active;

    @Column(name = "resource_json", nullable = false)
    private String resourceJson;

    @Column(nullable = false)
    private long version;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ScimUser() {
        // for JPA
    }

    /** The resource as stored: the attributes Gatehouse reads, and the whole cleaned resource as JSON. */
    public record Resource(String userName, String externalId, boolean active, String resourceJson) {}

    /** A user JumpCloud pushed at {@code now}, version 0. */
    public static ScimUser create(String accountId, Resource resource, Instant now) {
        ScimUser u = new ScimUser();
        u.id = UUID.randomUUID();
        u.accountId = accountId;
        u.createdAt = now;
        u.version = 0;
        u.fill(resource, now);
        return u;
    }

    /** A PUT or PATCH of the user: the resource as it is now, and a new version (the ETag). */
    public void replace(Resource resource, Instant now) {
        fill(resource, now);
        version++;
    }

    private void fill(Resource resource, Instant now) {
        userName = resource.userName();
        externalId = resource.externalId();
        active = resource.active();
        resourceJson = resource.resourceJson();
        updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String accountId() {
        return accountId;
    }

    public String userName() {
        return userName;
    }

    public String externalId() {
        return externalId;
    }

    public boolean active() {
        return active;
    }

    public String resourceJson() {
        return resourceJson;
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
