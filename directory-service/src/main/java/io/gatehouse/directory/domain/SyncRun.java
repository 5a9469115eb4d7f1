package io.gatehouse.directory.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One reconciliation run and, when HELD or DRY_RUN, the changes it planned. Private state changed only through
 * {@link #recordProgress}, {@link #finish} and {@link #approve} (ADR 0018).
 */
@Entity
@Table(name = "sync_run")
public class SyncRun {
    @Id
    private UUID id;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Column(name = "trigger_kind", nullable = false)
    private String trigger;

    @Column(nullable = false)
    private String status;

    @Column(nullable = false)
    private int granted;

    @Column(nullable = false)
    private int updated;

    @Column(nullable = false)
    private int revoked;

    @Column(nullable = false)
    private int unchanged;

    /** Members with access whose SCIM-only key no JumpCloud user matched: kept as they are, listed in the detail. */
    @Column(nullable = false)
    private int unresolved;

    @Column(name = "unresolved_json")
    private String unresolvedJson;

    @Column(name = "members_before", nullable = false)
    private int membersBefore;

    @Column(name = "api_calls", nullable = false)
    private int apiCalls;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "duration_ms")
    private Long durationMs;

    private String error;

    @Column(name = "base_snapshot_version")
    private Long baseSnapshotVersion;

    @Column(name = "plan_json")
    private String planJson;

    @Column(name = "pages_read", nullable = false)
    private int pagesRead;

    @Column(name = "members_seen", nullable = false)
    private int membersSeen;

    @Column(name = "members_total")
    private Integer membersTotal;

    @Column(name = "changes_planned", nullable = false)
    private int changesPlanned;

    @Column(name = "progress_at")
    private Instant progressAt;

    @Column(name = "approved_at")
    private Instant approvedAt;

    @Column(name = "approved_by")
    private String approvedBy;

    protected SyncRun() {
        // for JPA
    }

    /** A new RUNNING run of this account. */
    public static SyncRun start(String accountId, SyncTrigger trigger, Instant now) {
        SyncRun r = new SyncRun();
        r.id = UUID.randomUUID();
        r.accountId = accountId;
        r.trigger = trigger.name();
        r.status = SyncStatus.RUNNING.name();
        r.startedAt = now;
        return r;
    }

    /** How far a running run has got; false (nothing recorded) once the run is no longer RUNNING. */
    public boolean recordProgress(
            int newPagesRead, int newMembersSeen, Integer newMembersTotal, int newChangesPlanned, Instant now) {
        if (!SyncStatus.RUNNING.name().equals(status)) {
            return false;
        }
        pagesRead = newPagesRead;
        membersSeen = newMembersSeen;
        membersTotal = newMembersTotal;
        changesPlanned = newChangesPlanned;
        progressAt = now;
        return true;
    }

    /**
     * The outcome. With a {@code plan}, its counts, the listed unresolved members ({@code unresolvedJson}, null
     * when none) and, for HELD and DRY_RUN runs, the planned changes ({@code planJson}, null otherwise).
     */
    public void finish(
            SyncStatus newStatus,
            Reconciler.Plan plan,
            String unresolvedJson,
            String planJson,
            long baseVersion,
            int calls,
            String failure,
            Instant now) {
        status = newStatus.name();
        apiCalls = calls;
        finishedAt = now;
        durationMs = Duration.between(startedAt, now).toMillis();
        error = failure;
        baseSnapshotVersion = baseVersion;
        if (plan != null) {
            granted = (int) plan.count(ChangeKind.GRANT);
            updated = (int) plan.count(ChangeKind.UPDATE);
            revoked = (int) plan.count(ChangeKind.REVOKE);
            unchanged = plan.unchanged();
            membersBefore = plan.membersBefore();
            unresolved = plan.unresolved().size();
            if (unresolvedJson != null) {
                this.unresolvedJson = unresolvedJson;
            }
            if (planJson != null) {
                this.planJson = planJson;
            }
        }
    }

    /** A held run applied after an admin's approval. */
    public void approve(String by, Instant now) {
        status = SyncStatus.APPLIED.name();
        approvedAt = now;
        approvedBy = by;
    }

    public UUID id() {
        return id;
    }

    public String accountId() {
        return accountId;
    }

    public String trigger() {
        return trigger;
    }

    public String status() {
        return status;
    }

    public int granted() {
        return granted;
    }

    public int updated() {
        return updated;
    }

    public int revoked() {
        return revoked;
    }

    public int unchanged() {
        return unchanged;
    }

    public int unresolved() {
        return unresolved;
    }

    public String unresolvedJson() {
        return unresolvedJson;
    }

    public int membersBefore() {
        return membersBefore;
    }

    public int apiCalls() {
        return apiCalls;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public Long durationMs() {
        return durationMs;
    }

    public String error() {
        return error;
    }

    public Long baseSnapshotVersion() {
        return baseSnapshotVersion;
    }

    public String planJson() {
        return planJson;
    }

    public int pagesRead() {
        return pagesRead;
    }

    public int membersSeen() {
        return membersSeen;
    }

    public Integer membersTotal() {
        return membersTotal;
    }

    public int changesPlanned() {
        return changesPlanned;
    }

    public Instant progressAt() {
        return progressAt;
    }

    public Instant approvedAt() {
        return approvedAt;
    }

    public String approvedBy() {
        return approvedBy;
    }
}
