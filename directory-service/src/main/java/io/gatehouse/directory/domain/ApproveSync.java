package io.gatehouse.directory.domain;

import io.gatehouse.events.MemberSource;
import io.gatehouse.platform.domain.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies a HELD run exactly as planned, provided the snapshot has not moved since the plan was made
 * (409 {@code sync_stale} otherwise, and the plan stays held for the record).
 */
@ApplicationScoped
public class ApproveSync {
    private final SyncRunRepository runs;
    private final SyncLock lock;
    private final MemberSnapshotStore store;
    private final ApplyPlan applyPlan;
    private final SyncRunLog log;

    public ApproveSync(
            SyncRunRepository runs, SyncLock lock, MemberSnapshotStore store, ApplyPlan applyPlan, SyncRunLog log) {
        this.runs = runs;
        this.lock = lock;
        this.store = store;
        this.applyPlan = applyPlan;
        this.log = log;
    }

    @Transactional
    SyncRun held(String accountId, UUID syncId) {
        SyncRun run = runs.findInAccount(accountId, syncId)
                .orElseThrow(() -> DomainException.notFound("sync_not_found", "no such sync run for this account"));
        if (!SyncStatus.HELD.name().equals(run.status())) {
            throw DomainException.conflict(
                    "sync_not_held", "only a HELD sync can be approved; this one is " + run.status());
        }
        return run;
    }

    public SyncRun approve(String accountId, UUID syncId, String approvedBy) {
        held(accountId, syncId);
        Optional<SyncLock.Held> held = lock.tryAcquire(accountId);
        if (held.isEmpty()) {
            throw DomainException.conflict("sync_in_progress", "a sync of this account is running; approve afterwards");
        }
        try (SyncLock.Held ignored = held.get()) {
            SyncRun run = held(accountId, syncId);
            long base = run.baseSnapshotVersion() == null ? -1 : run.baseSnapshotVersion();
            if (store.version(accountId) != base) {
                throw stale();
            }
            List<PlannedChange> plan = SyncRunLog.readPlan(run.planJson());
            try {
                applyPlan.apply(accountId, plan, MemberSource.SYNC, base);
            } catch (StaleSnapshotException e) {
                throw stale();
            }
            return log.approved(syncId, approvedBy);
        }
    }

    private static DomainException stale() {
        return DomainException.conflict(
                "sync_stale", "the member snapshot changed since this plan was made; run a new sync instead");
    }
}
