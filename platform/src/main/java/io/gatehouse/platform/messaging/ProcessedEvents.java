package io.gatehouse.platform.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/** The processed-event log: which event ids a consumer has applied, written in the effect's transaction. */
@ApplicationScoped
public class ProcessedEvents {
    private final DataSource dataSource;

    public ProcessedEvents(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records the ids in one statement and returns those that were new (the others were processed before: apply
     * nothing for them).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Set<UUID> markAllProcessed(String consumer, java.util.Collection<UUID> eventIds) {
        java.util.Set<UUID> fresh = new java.util.HashSet<>();
        if (eventIds.isEmpty()) {
            return fresh;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO gh_processed_event (consumer, event_id) SELECT ?, id FROM unnest(?::uuid[]) AS t(id) "
                                + "ON CONFLICT DO NOTHING RETURNING event_id")) {
            ps.setString(1, consumer);
            ps.setArray(2, c.createArrayOf("uuid", eventIds.toArray()));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getObject(1, UUID.class));
                }
            }
            return fresh;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the id; false when the consumer already processed this event (then apply nothing). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markProcessed(String consumer, UUID eventId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO gh_processed_event (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, consumer);
            ps.setObject(2, eventId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
