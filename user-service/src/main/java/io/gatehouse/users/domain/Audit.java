package io.gatehouse.users.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Appends to the audit trail in the caller's transaction. The entries are buffered and written in one JDBC batch
 * just before the transaction commits (an interposed synchronization, as the outbox does): a consumer transaction
 * that applies a poll batch of 500 events writes its several hundred entries in a few round trips, without
 * Hibernate persisting, snapshotting and flushing each one. A rollback writes nothing. Ids come from
 * {@code audit_entry_seq} in the INSERT itself, so they grow with commit order; every writer goes through here.
 * Entries written by this transaction are not visible to queries of the same transaction.
 */
@ApplicationScoped
public class Audit {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSERT = "INSERT INTO audit_entry (id, account_id, user_id, type, actor, event_id,"
            + " reason, details, at) VALUES (nextval('audit_entry_seq'), ?, ?, ?, ?, ?, ?, ?::jsonb, ?)";
    private static final Object BUFFER_KEY = new Object();

    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry registry;
    private final Clock clock;

    public Audit(DataSource dataSource, TransactionSynchronizationRegistry registry, Clock clock) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.clock = clock;
    }

    /** Must run inside a transaction. */
    public void record(String accountId, UUID userId, AuditType type, Cause cause, Map<String, Object> details) {
        buffer().add(AuditEntry.create(accountId, userId, type, cause, details, clock.instant()));
    }

    private List<AuditEntry> buffer() {
        if (registry.getTransactionKey() == null) {
            throw new IllegalStateException("the audit trail is written only inside a transaction");
        }
        @SuppressWarnings("unchecked")
        List<AuditEntry> buffer = (List<AuditEntry>) registry.getResource(BUFFER_KEY);
        if (buffer == null) {
            List<AuditEntry> entries = new ArrayList<>();
            registry.putResource(BUFFER_KEY, entries);
            registry.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    if (!registry.getRollbackOnly()) {
                        write(entries);
                    }
                }

                @Override
                public void afterCompletion(int status) {
                    // nothing to release: the rows were written with the transaction's connection
                }
            });
            buffer = entries;
        }
        return buffer;
    }

    private void write(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (AuditEntry e : entries) {
                ps.setString(1, e.accountId());
                ps.setObject(2, e.userId());
                ps.setString(3, e.type());
                ps.setString(4, e.actor());
                ps.setObject(5, e.eventId());
                ps.setString(6, e.reason());
                if (e.details() == null) {
                    ps.setNull(7, Types.VARCHAR);
                } else {
                    ps.setString(7, JSON.writeValueAsString(e.details()));
                }
                ps.setTimestamp(8, Timestamp.from(e.at()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not write " + entries.size() + " audit entries", e);
        }
    }
}
