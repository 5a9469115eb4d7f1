package io.gatehouse.directory.domain;

/** Outcome of a sync run. */
public enum SyncStatus {
    RUNNING,
    APPLIED,
    HELD,
    DRY_RUN,
    FAILED
}
