package io.gatehouse.sso.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class KnownUserRepository implements PanacheRepositoryBase<KnownUser, KnownUser.Key> {
    public Optional<KnownUser> byEmail(String accountId, String email) {
        return find("key.accountId = ?1 and email = ?2 order by updatedAt desc", accountId, email).firstResultOptional();
    }

    public boolean isRevoked(String accountId, String email) {
        return count("key.accountId = ?1 and email = ?2 and revoked = true", accountId, email) > 0;
    }
}
