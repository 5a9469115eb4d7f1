package io.gatehouse.directory.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class DirectoryConnectionRepository implements PanacheRepositoryBase<DirectoryConnection, String> {

    public Optional<DirectoryConnection> findByScimTokenHash(String hash) {
        return find("scimTokenHash", hash).firstResultOptional();
    }
}
