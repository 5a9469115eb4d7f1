package io.gatehouse.directory.domain;

/** What started a sync run. */
public enum SyncTrigger {
    MANUAL,
    SCHEDULED
}
