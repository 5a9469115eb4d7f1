package io.gatehouse.directory.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gatehouse.directory.domain.PlannedChange;
import io.gatehouse.directory.domain.SyncRun;
import io.gatehouse.directory.domain.SyncRunLog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A sync run; {@code plannedChanges} only on the single-run view of a HELD or DRY_RUN run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncRunView(UUID syncId, String accountId, String trigger, String status, int granted, int updated,
                          int revoked, int unchanged, int membersBefore, int apiCalls, Instant startedAt,
                          Instant finishedAt, Long durationMs, String error, Instant approvedAt, String approvedBy,
                          List<PlannedChange> plannedChanges) {

    public static SyncRunView summary(SyncRun r) {
        return of(r, null);
    }

    public static SyncRunView detail(SyncRun r) {
        return of(r, r.planJson == null ? null : SyncRunLog.readPlan(r.planJson));
    }

    private static SyncRunView of(SyncRun r, List<PlannedChange> plan) {
        return new SyncRunView(r.id, r.accountId, r.trigger, r.status, r.granted, r.updated, r.revoked, r.unchanged,
                r.membersBefore, r.apiCalls, r.startedAt, r.finishedAt, r.durationMs, r.error, r.approvedAt,
                r.approvedBy, plan);
    }
}
