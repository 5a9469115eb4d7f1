package io.gatehouse.directory.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

@ApplicationScoped
public class DirectoryConnectionRepository implements PanacheRepositoryBase<DirectoryConnection, String> {

    public Optional<DirectoryConnection> findByScimTokenHash(String hash) {
        return find("scimTokenHash", hash).firstResultOptional();
    }

    /** Records that JumpCloud's Test Connection reached the SCIM endpoint at {@code at}. */
    public void markScimTested(String accountId, Instant at) {
        getEntityManager()
                .createNativeQuery("update directory_connection set scim_tested_at = ?1 where account_id = ?2")
                .setParameter(1, at)
                .setParameter(2, accountId)
                .executeUpdate();
    }
}
