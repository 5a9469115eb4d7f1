package io.gatehouse.sso.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

@ApplicationScoped
public class RelayStateRepository implements PanacheRepositoryBase<RelayState, String> {
    public long purgeExpired(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
