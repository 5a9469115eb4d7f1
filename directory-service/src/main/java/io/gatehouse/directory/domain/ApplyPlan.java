package io.gatehouse.directory.domain;

import io.gatehouse.directory.config.DirectoryConfig;
import io.gatehouse.events.MemberSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Applies a plan in chunks (each chunk one transaction holding its snapshot rows and events), starting from the
 * snapshot version the plan was made on. Throws {@link StaleSnapshotException} when the snapshot moved first.
 */
@ApplicationScoped
public class ApplyPlan {
    private final ApplyChunk chunk;
    private final int chunkSize;

    public ApplyPlan(ApplyChunk chunk, DirectoryConfig config) {
        this.chunk = chunk;
        this.chunkSize = Math.max(1, config.applyChunkSize());
    }

    public void apply(String accountId, List<PlannedChange> changes, MemberSource source, long baseVersion) {
        long version = baseVersion;
        for (int from = 0; from < changes.size(); from += chunkSize) {
            List<PlannedChange> part = changes.subList(from, Math.min(changes.size(), from + chunkSize));
            chunk.apply(accountId, part, source, version);
            version++;
        }
    }
}
