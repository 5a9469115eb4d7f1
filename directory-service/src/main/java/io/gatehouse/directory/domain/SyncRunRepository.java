package io.gatehouse.directory.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SyncRunRepository implements PanacheRepositoryBase<SyncRun, UUID> {

    public List<SyncRun> recent(String accountId, int limit) {
        return find("accountId", Sort.descending("startedAt"), accountId)
                .page(Page.ofSize(limit))
                .list();
    }

    public Optional<SyncRun> findInAccount(String accountId, UUID id) {
        return find("id = ?1 and accountId = ?2", id, accountId).firstResultOptional();
    }
}
