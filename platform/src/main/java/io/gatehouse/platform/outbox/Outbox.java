package io.gatehouse.platform.outbox;

import io.gatehouse.events.EventJson;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.platform.observability.TraceParent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes events to the {@code gh_outbox} table in the caller's transaction, so an event exists if and only if
 * the state change that caused it was committed. {@link OutboxRelay} publishes the rows.
 */
@ApplicationScoped
public class Outbox {
    private static final String INSERT =
            "INSERT INTO gh_outbox (event_id, topic, event_key, event_type, schema_version, "
                    + "occurred_at, payload, trace_parent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry registry;
    private final OutboxSignal signal;

    public Outbox(DataSource dataSource, TransactionSynchronizationRegistry registry, OutboxSignal signal) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.signal = signal;
    }

    /** Adds the event to the outbox. Must run inside a transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(GatehouseEvent event) {
        publishAll(List.of(event));
    }

    /**
     * Adds the events to the outbox, in list order. Must run inside a transaction. The rows are buffered and
     * written in one JDBC batch just before the transaction commits (an interposed synchronization), so a
     * transaction that publishes many events pays one round trip, and a rollback writes nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAll(List<? extends GatehouseEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Row> buffer = (List<Row>) registry.getResource(BUFFER_KEY);
        if (buffer == null) {
            List<Row> rows = new java.util.ArrayList<>();
            registry.putResource(BUFFER_KEY, rows);
            registry.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    if (registry.getRollbackOnly()) {
                        return;
                    }
                    write(rows);
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        signal.wake();
                    }
                }
            });
            buffer = rows;
        }
        String traceParent = TraceParent.current();
        for (GatehouseEvent event : events) {
            buffer.add(new Row(event, EventJson.toJson(event), traceParent));
        }
    }

    /**
     * Writes the events to the outbox now, on {@code connection}, in the caller's plain JDBC transaction (one
     * that runs without JTA, such as the ACS's login transaction, ADR 0027): they commit or roll back with it. The
     * caller calls {@link #committed()} once that transaction has committed, so the relay sends them at once.
     */
    public void write(Connection connection, List<? extends GatehouseEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        String traceParent = TraceParent.current();
        List<Row> rows = new java.util.ArrayList<>(events.size());
        for (GatehouseEvent event : events) {
            rows.add(new Row(event, EventJson.toJson(event), traceParent));
        }
        insert(connection, rows);
    }

    /** Wakes the relay after a plain JDBC transaction that {@link #write(Connection, List) wrote} events committed. */
    public void committed() {
        signal.wake();
    }

    private void write(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            insert(c, rows);
        } catch (SQLException e) {
            throw new IllegalStateException("could not write " + rows.size() + " event(s) to the outbox", e);
        }
    }

    /** One statement for one row, a JDBC batch for more. */
    private static void insert(Connection c, List<Row> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Row row : rows) {
                GatehouseEvent event = row.event();
                ps.setObject(1, event.eventId());
                ps.setString(2, event.topic());
                ps.setString(3, event.key());
                ps.setString(4, event.eventType());
                ps.setInt(5, event.schemaVersion());
                ps.setTimestamp(6, Timestamp.from(event.occurredAt()));
                ps.setString(7, row.json());
                ps.setString(8, row.traceParent());
                if (rows.size() > 1) {
                    ps.addBatch();
                }
            }
            if (rows.size() > 1) {
                ps.executeBatch();
            } else {
                ps.executeUpdate();
            }
        }
    }

    private static final Object BUFFER_KEY = new Object();

    private record Row(GatehouseEvent event, String json, String traceParent) {}
}
