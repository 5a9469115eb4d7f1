package io.gatehouse.directory.domain;

/** The member snapshot moved (another sync chunk or a SCIM write) since the plan was made. */
public class StaleSnapshotException extends RuntimeException {
    public StaleSnapshotException() {
        super("the member snapshot changed since the plan was made");
    }
}
