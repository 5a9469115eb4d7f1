package io.gatehouse.sso.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class DomainRepository implements PanacheRepository<Domain> {
    public List<Domain> forAccount(String accountId) {
        return list("accountId = ?1 order by domain", accountId);
    }

    public Optional<Domain> find(String accountId, String domain) {
        return find("accountId = ?1 and domain = ?2", accountId, domain).firstResultOptional();
    }

    public Optional<Domain> verified(String domain) {
        return find("domain = ?1 and status = ?2", domain, Domain.Status.VERIFIED)
                .firstResultOptional();
    }

    public boolean hasVerified(String accountId) {
        return count("accountId = ?1 and status = ?2", accountId, Domain.Status.VERIFIED) > 0;
    }
}
