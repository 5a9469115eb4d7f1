package io.gatehouse.sso.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

@ApplicationScoped
public class AuthnRequestRepository implements PanacheRepositoryBase<PendingAuthnRequest, String> {
    /** Marks the request used; false when it was already used, expired, or is another account's (single use). */
    public boolean consume(String id, String accountId, Instant now) {
        return update("consumedAt = ?1 where id = ?2 and accountId = ?3 and consumedAt is null and expiresAt > ?1",
                now, id, accountId) == 1;
    }

    public long purgeExpired(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
