package io.gatehouse.directory.domain;

/** Compact snapshot entry of a member with access: the email (for revocation events) and the state fingerprint. */
public record SnapshotEntry(String email, long fingerprint) {}
