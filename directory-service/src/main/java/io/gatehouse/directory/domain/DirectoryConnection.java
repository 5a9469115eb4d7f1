package io.gatehouse.directory.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;

/**
 * An account's JumpCloud connection. {@code snapshot_version} and {@code next_sync_at} are written with plain SQL
 * only (compare-and-set), never through this entity. Private state changed only through its behaviour methods
 * ({@link #configure}, {@link #replaceApiKey}, {@link #issueScimToken}); ADR 0018 (the entity style).
 */
@Entity
@Table(name = "directory_connection")
@DynamicUpdate
public class DirectoryConnection {
    @Id
    @Column(name = "account_id")
    private String accountId;

    @Column(nullable = false)
    private String provider;

    @Column(name = "api_base_url", nullable = false)
    private String apiBaseUrl;

    @Column(name = "api_key_ciphertext")
    private byte[] apiKeyCiphertext;

    @Column(name = "org_id")
    private String orgId;

    @Column(name = "application_id")
    private String applicationId;

    /** JSON object group name → role. */
    @Column(name = "group_role_mappings", nullable = false)
    private String groupRoleMappings;

    @Column(name = "default_role", nullable = false)
    private String defaultRole;

    @Column(name = "sync_interval_seconds", nullable = false)
    private int syncIntervalSeconds;

    @Column(name = "brake_max_fraction", nullable = false)
    private double brakeMaxFraction;

    @Column(name = "brake_min_count", nullable = false)
    private int brakeMinCount;

    @Column(name = "scim_enabled", nullable = false)
    private boolean scimEnabled;

    @Column(name = "scim_token_hash")
    private String scimTokenHash;

    /** When JumpCloud's Test Connection last sent its test user (written with plain SQL by SCIM, never here). */
    @Column(name = "scim_tested_at", insertable = false, updatable = false)
    private Instant scimTestedAt;

    @Column(name = "snapshot_version", insertable = false, updatable = false)
    private long snapshotVersion;

    @Column(name = "next_sync_at", insertable = false, updatable = false)
    private Instant nextSyncAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected DirectoryConnection() {
        // for JPA
    }

    /** A new connection of this account, not configured yet: {@link #configure} it before persisting. */
    public static DirectoryConnection create(String accountId, Instant now) {
        DirectoryConnection c = new DirectoryConnection();
        c.accountId = accountId;
        c.createdAt = now;
        c.updatedAt = now;
        return c;
    }

    /** The validated settings {@link SaveDirectoryConnection} writes; the API key is replaced separately. */
    public record Settings(
            String provider,
            String apiBaseUrl,
            String orgId,
            String applicationId,
            String groupRoleMappings,
            String defaultRole,
            int syncIntervalSeconds,
            double brakeMaxFraction,
            int brakeMinCount,
            boolean scimEnabled) {}

    public void configure(Settings settings, Instant now) {
        provider = settings.provider();
        apiBaseUrl = settings.apiBaseUrl();
        orgId = settings.orgId();
        applicationId = settings.applicationId();
        groupRoleMappings = settings.groupRoleMappings();
        defaultRole = settings.defaultRole();
        syncIntervalSeconds = settings.syncIntervalSeconds();
        brakeMaxFraction = settings.brakeMaxFraction();
        brakeMinCount = settings.brakeMinCount();
        scimEnabled = settings.scimEnabled();
        updatedAt = now;
    }

    /** Stores the new JumpCloud API key, already encrypted ({@code SecretCipher}). */
    public void replaceApiKey(byte[] ciphertext, Instant now) {
        apiKeyCiphertext = ciphertext;
        updatedAt = now;
    }

    /** Only the hash of a newly issued SCIM bearer token is kept; the previous token stops working. */
    public void issueScimToken(String tokenHash, Instant now) {
        scimTokenHash = tokenHash;
        updatedAt = now;
    }

    public String accountId() {
        return accountId;
    }

    public String provider() {
        return provider;
    }

    public String apiBaseUrl() {
        return apiBaseUrl;
    }

    public byte[] apiKeyCiphertext() {
        return apiKeyCiphertext;
    }

    public String orgId() {
        return orgId;
    }

    public String applicationId() {
        return applicationId;
    }

    public String groupRoleMappings() {
        return groupRoleMappings;
    }

    public String defaultRole() {
        return defaultRole;
    }

    public int syncIntervalSeconds() {
        return syncIntervalSeconds;
    }

    public double brakeMaxFraction() {
        return brakeMaxFraction;
    }

    public int brakeMinCount() {
        return brakeMinCount;
    }

    public boolean scimEnabled() {
        return scimEnabled;
    }

    public String scimTokenHash() {
        return scimTokenHash;
    }

    public Instant scimTestedAt() {
        return scimTestedAt;
    }

    public long snapshotVersion() {
        return snapshotVersion;
    }

    public Instant nextSyncAt() {
        return nextSyncAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
