package io.gatehouse.directory.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One reconciliation run and, when HELD or DRY_RUN, the changes it planned. */
@Entity
@Table(name = "sync_run")
public class SyncRun {
    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(name = "trigger_kind", nullable = false)
    public String trigger;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public int granted;

    @Column(nullable = false)
    public int updated;

    @Column(nullable = false)
    public int revoked;

    @Column(nullable = false)
    public int unchanged;

    /** Members with access whose SCIM-only key no JumpCloud user matched: kept as they are, listed in the detail. */
    @Column(nullable = false)
    public int unresolved;

    @Column(name = "unresolved_json")
    public String unresolvedJson;

    @Column(name = "members_before", nullable = false)
    public int membersBefore;

    @Column(name = "api_calls", nullable = false)
    public int apiCalls;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "duration_ms")
    public Long durationMs;

    public String error;

    @Column(name = "base_snapshot_version")
    public Long baseSnapshotVersion;

    @Column(name = "plan_json")
    public String planJson;

    @Column(name = "pages_read", nullable = false)
    public int pagesRead;

    @Column(name = "members_seen", nullable = false)
    public int membersSeen;

    @Column(name = "members_total")
    public Integer membersTotal;

    @Column(name = "changes_planned", nullable = false)
    public int changesPlanned;

    @Column(name = "progress_at")
    public Instant progressAt;

    @Column(name = "approved_at")
    public Instant approvedAt;

    @Column(name = "approved_by")
    public String approvedBy;
}
