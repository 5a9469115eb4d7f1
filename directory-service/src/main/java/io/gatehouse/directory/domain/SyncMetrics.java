package io.gatehouse.directory.domain;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Directory sync metrics: {@code gatehouse.directory.sync.runs{status,trigger}} (each finished run, HELD by the
 * safety brake and FAILED included), {@code gatehouse.directory.sync.duration{status}} (a histogram) and
 * {@code gatehouse.directory.sync.changes{kind}} (member changes applied: by an APPLIED run, or when a HELD run
 * is approved).
 */
@ApplicationScoped
public class SyncMetrics {
    private final MeterRegistry meters;

    public SyncMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void finished(SyncRun run) {
        meters.counter("gatehouse.directory.sync.runs", "status", run.status(), "trigger", run.trigger())
                .increment();
        if (run.durationMs() != null) {
            meters.timer("gatehouse.directory.sync.duration", "status", run.status())
                    .record(Duration.ofMillis(run.durationMs()));
        }
        if (SyncStatus.APPLIED.name().equals(run.status())) {
            applied(run);
        }
    }

    void approved(SyncRun run) {
        meters.counter("gatehouse.directory.sync.approved").increment();
        applied(run);
    }

    private void applied(SyncRun run) {
        changes("grant", run.granted());
        changes("update", run.updated());
        changes("revoke", run.revoked());
    }

    private void changes(String kind, int n) {
        meters.counter("gatehouse.directory.sync.changes", "kind", kind).increment(n);
    }
}
