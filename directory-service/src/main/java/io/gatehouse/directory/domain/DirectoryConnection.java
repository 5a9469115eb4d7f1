package io.gatehouse.directory.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

import java.time.Instant;

/**
 * An account's JumpCloud connection. {@code snapshot_version} and {@code next_sync_at} are written with plain SQL
 * only (compare-and-set), never through this entity.
 */
@Entity
@Table(name = "directory_connection")
@DynamicUpdate
public class DirectoryConnection {
    @Id
    @Column(name = "account_id")
    public String accountId;

    @Column(nullable = false)
    public String provider;

    @Column(name = "api_base_url", nullable = false)
    public String apiBaseUrl;

    @Column(name = "api_key_ciphertext")
    public byte[] apiKeyCiphertext;

    @Column(name = "org_id")
    public String orgId;

    @Column(name = "application_id")
    public String applicationId;

    /** JSON object group name → role. */
    @Column(name = "group_role_mappings", nullable = false)
    public String groupRoleMappings;

    @Column(name = "default_role", nullable = false)
    public String defaultRole;

    @Column(name = "sync_interval_seconds", nullable = false)
    public int syncIntervalSeconds;

    @Column(name = "brake_max_fraction", nullable = false)
    public double brakeMaxFraction;

    @Column(name = "brake_min_count", nullable = false)
    public int brakeMinCount;

    @Column(name = "scim_enabled", nullable = false)
    public boolean scimEnabled;

    @Column(name = "scim_token_hash")
    public String scimTokenHash;

    /** When JumpCloud's Test Connection last sent its test user (written with plain SQL by SCIM, never here). */
    @Column(name = "scim_tested_at", insertable = false, updatable = false)
    public Instant scimTestedAt;

    @Column(name = "snapshot_version", insertable = false, updatable = false)
    public long snapshotVersion;

    @Column(name = "next_sync_at", insertable = false, updatable = false)
    public Instant nextSyncAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
