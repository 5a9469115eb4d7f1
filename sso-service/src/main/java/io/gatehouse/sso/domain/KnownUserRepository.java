package io.gatehouse.sso.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class KnownUserRepository implements PanacheRepositoryBase<KnownUser, KnownUser.Key> {
    public Optional<KnownUser> byEmail(String accountId, String email) {
        return find("key.accountId = ?1 and email = ?2 order by updatedAt desc", accountId, email).firstResultOptional();
    }

    /** What a login needs to know about an email, in one query: any of its users revoked, and the newest one. */
    public record Lookup(boolean revoked, Optional<KnownUser> latest) {
    }

    /**
     * Whether any user with this email is revoked, and the newest one ({@link #byEmail}), in one query (an email
     * has one row, or a few when user-service re-created the user).
     */
    public Lookup lookup(String accountId, String email) {
        List<KnownUser> rows = list("key.accountId = ?1 and email = ?2 order by updatedAt desc", accountId, email);
        boolean revoked = rows.stream().anyMatch(u -> u.revoked);
        return new Lookup(revoked, rows.stream().findFirst());
    }
}
