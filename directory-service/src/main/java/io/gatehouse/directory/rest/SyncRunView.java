package io.gatehouse.directory.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gatehouse.directory.domain.PlannedChange;
import io.gatehouse.directory.domain.Reconciler;
import io.gatehouse.directory.domain.SyncRun;
import io.gatehouse.directory.domain.SyncRunLog;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A sync run; {@code plannedChanges} only on the single-run view of a HELD or DRY_RUN run. {@code unresolved}
 * counts the members whose SCIM-only key matched no JumpCloud user (kept, not revoked); the single-run view lists
 * them ({@code unresolvedMembers}, at most 100). While a run is RUNNING, {@code pagesRead}, {@code membersSeen}
 * (organisation users compared so far, of {@code membersTotal} once JumpCloud announced it) and
 * {@code changesPlanned} say how far it has got, as of {@code progressAt}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncRunView(
        UUID syncId,
        String accountId,
        String trigger,
        String status,
        int granted,
        int updated,
        int revoked,
        int unchanged,
        int unresolved,
        int membersBefore,
        int apiCalls,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        String error,
        Instant approvedAt,
        String approvedBy,
        List<PlannedChange> plannedChanges,
        List<Reconciler.Unresolved> unresolvedMembers,
        int pagesRead,
        int membersSeen,
        Integer membersTotal,
        int changesPlanned,
        Instant progressAt) {

    public static SyncRunView summary(SyncRun r) {
        return of(r, null, null);
    }

    public static SyncRunView detail(SyncRun r) {
        return of(
                r,
                r.planJson() == null ? null : SyncRunLog.readPlan(r.planJson()),
                r.unresolvedJson() == null ? null : SyncRunLog.readUnresolved(r.unresolvedJson()));
    }

    private static SyncRunView of(SyncRun r, List<PlannedChange> plan, List<Reconciler.Unresolved> unresolved) {
        return new SyncRunView(
                r.id(),
                r.accountId(),
                r.trigger(),
                r.status(),
                r.granted(),
                r.updated(),
                r.revoked(),
                r.unchanged(),
                r.unresolved(),
                r.membersBefore(),
                r.apiCalls(),
                r.startedAt(),
                r.finishedAt(),
                r.durationMs(),
                r.error(),
                r.approvedAt(),
                r.approvedBy(),
                plan,
                unresolved,
                r.pagesRead(),
                r.membersSeen(),
                r.membersTotal(),
                r.changesPlanned(),
                r.progressAt());
    }
}
