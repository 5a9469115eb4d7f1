package io.gatehouse.directory.domain;

import io.gatehouse.events.MemberSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** One chunk of a plan in its own transaction, guarded by a compare-and-set of the snapshot version. */
@ApplicationScoped
public class ApplyChunk {
    private final MemberSnapshotStore store;
    private final MemberChangeWriter writer;

    public ApplyChunk(MemberSnapshotStore store, MemberChangeWriter writer) {
        this.store = store;
        this.writer = writer;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void apply(String accountId, List<PlannedChange> chunk, MemberSource source, long expectedVersion) {
        if (!store.advanceVersion(accountId, expectedVersion)) {
            throw new StaleSnapshotException();
        }
        writer.write(accountId, chunk, source);
    }
}
