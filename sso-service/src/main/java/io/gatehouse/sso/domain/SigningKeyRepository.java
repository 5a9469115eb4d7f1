package io.gatehouse.sso.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class SigningKeyRepository implements PanacheRepositoryBase<SigningKey, String> {
    /** The keys to publish: the active ones and those retired after {@code since}, newest first. */
    public List<SigningKey> published(Instant since) {
        return list("retiredAt is null or retiredAt > ?1 order by createdAt desc", since);
    }
}
