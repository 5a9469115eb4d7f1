package io.gatehouse.sso.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class SigningKeyRepository implements PanacheRepositoryBase<SigningKey, String> {
    /** Serialises key creation and rotation across replicas until the transaction ends. */
    public void lock() {
        getEntityManager()
                .createNativeQuery("SELECT pg_advisory_xact_lock(77310001)")
                .getSingleResult();
    }

    /** The keys to publish: unretired ones (signing or about to) and those retired after {@code since}, newest first. */
    public List<SigningKey> published(Instant since) {
        return list("retiredAt is null or retiredAt > ?1 order by activatesAt desc, createdAt desc", since);
    }

    /** The most recently activating key (the signer, or the one about to take over). */
    public Optional<SigningKey> newest() {
        return find("order by activatesAt desc, createdAt desc").firstResultOptional();
    }

    /** From {@code at} on, the keys that sign now stop: their successor activates then. */
    public void retireSigners(Instant at) {
        update("retiredAt = ?1 where retiredAt is null", at);
    }

    /** Deletes the keys retired at or before {@code before} (no longer published; private half gone too). */
    public long deleteRetired(Instant before) {
        return delete("retiredAt <= ?1", before);
    }
}
