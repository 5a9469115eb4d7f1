package io.gatehouse.users.domain;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEntry, Long> {

    /** Newest first; {@code since} and {@code type} optional. */
    public Result search(String accountId, Instant since, AuditType type, Integer page, int size) {
        StringBuilder where = new StringBuilder("accountId = :account");
        Parameters params = Parameters.with("account", accountId);
        if (since != null) {
            where.append(" and at >= :since");
            params.and("since", since);
        }
        if (type != null) {
            where.append(" and type = :type");
            params.and("type", type.name());
        }
        PanacheQuery<AuditEntry> query = find(
                where.toString(),
                Sort.by("at", Sort.Direction.Descending).and("id", Sort.Direction.Descending),
                params);
        long total = query.count();
        return new Result(query.page(Page.of(page, size)).list(), total);
    }

    public record Result(List<AuditEntry> items, long total) {}
}
