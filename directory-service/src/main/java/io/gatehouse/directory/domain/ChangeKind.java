package io.gatehouse.directory.domain;

public enum ChangeKind {
    GRANT,
    UPDATE,
    REVOKE
}
