package io.gatehouse.directory.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.events.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Run history writes, each in its own transaction so a failed run is still recorded. */
@ApplicationScoped
public class SyncRunLog {
    private static final ObjectMapper JSON = EventJson.mapper();
    private static final TypeReference<List<PlannedChange>> CHANGES = new TypeReference<>() {};
    private static final TypeReference<List<Reconciler.Unresolved>> UNRESOLVED = new TypeReference<>() {};
    /** At most this many unresolved members are listed in a run (all are counted). */
    static final int MAX_UNRESOLVED_LISTED = 100;

    private final SyncRunRepository runs;
    private final Clock clock;
    private final SyncMetrics metrics;

    public SyncRunLog(SyncRunRepository runs, Clock clock, SyncMetrics metrics) {
        this.runs = runs;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public UUID start(String accountId, SyncTrigger trigger) {
        SyncRun r = SyncRun.start(accountId, trigger, clock.instant());
        runs.persist(r);
        return r.id();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public SyncRun get(UUID id) {
        return runs.findById(id);
    }

    /** Records how far a running run has got (its own transaction, so readers see it at once). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void progress(UUID id, int pagesRead, int membersSeen, Integer membersTotal, int changesPlanned) {
        SyncRun r = runs.findById(id);
        if (r != null) {
            r.recordProgress(pagesRead, membersSeen, membersTotal, changesPlanned, clock.instant());
        }
    }

    /** Records the outcome; the plan is stored only for HELD and DRY_RUN runs. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public SyncRun finish(
            UUID id, SyncStatus status, Reconciler.Plan plan, long baseVersion, int apiCalls, String error) {
        SyncRun r = runs.findById(id);
        String unresolvedJson = null;
        String planJson = null;
        if (plan != null) {
            if (!plan.unresolved().isEmpty()) {
                unresolvedJson = write(plan.unresolved()
                        .subList(
                                0,
                                Math.min(
                                        MAX_UNRESOLVED_LISTED, plan.unresolved().size())));
            }
            if (status == SyncStatus.HELD || status == SyncStatus.DRY_RUN) {
                planJson = write(plan.changes());
            }
        }
        r.finish(status, plan, unresolvedJson, planJson, baseVersion, apiCalls, error, clock.instant());
        metrics.finished(r);
        return r;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public SyncRun approved(UUID id, String approvedBy) {
        SyncRun r = runs.findById(id);
        r.approve(approvedBy, clock.instant());
        metrics.approved(r);
        return r;
    }

    public static List<PlannedChange> readPlan(String json) {
        return read(json, CHANGES, "plan");
    }

    public static List<Reconciler.Unresolved> readUnresolved(String json) {
        return read(json, UNRESOLVED, "unresolved members");
    }

    private static <T> List<T> read(String json, TypeReference<List<T>> type, String what) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + what + " is not valid JSON", e);
        }
    }

    private static String write(List<?> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
