package io.gatehouse.platform;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.platform.messaging.ConsumedRecord;
import io.gatehouse.platform.messaging.EventBatches;
import io.gatehouse.platform.messaging.EventHandler;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A consumer for the tests: each applied event adds one to its row in test_effect (so a second application is
 * visible), and events of account "poison" always fail. It also counts how often each event was announced to
 * {@link #beforeBatch} and notes any event handled without being announced first in its transaction; a batch
 * holding an event of account "poison-batch" is refused in {@code beforeBatch}.
 */
@ApplicationScoped
public class TestEffects implements EventHandler {
    private final DataSource dataSource;
    private final EventBatches batches;
    private final Map<UUID, Integer> announced = new ConcurrentHashMap<>();
    private final Set<UUID> unannounced = ConcurrentHashMap.newKeySet();
    // the events announced for the current transaction (the consumer runs on one thread)
    private final ThreadLocal<Set<UUID>> batch = ThreadLocal.withInitial(HashSet::new);

    public TestEffects(DataSource dataSource, EventBatches batches) {
        this.dataSource = dataSource;
        this.batches = batches;
    }

    @Override
    public String name() {
        return "test-effects";
    }

    @Incoming("test-effects")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> records) {
        return batches.apply(this, records);
    }

    @Override
    public void beforeBatch(List<GatehouseEvent> events) {
        Set<UUID> current = batch.get();
        current.clear();
        for (GatehouseEvent e : events) {
            if ("poison-batch".equals(e.accountId())) {
                throw new IllegalArgumentException("batch refused by the test handler");
            }
            current.add(e.eventId());
            announced.merge(e.eventId(), 1, Integer::sum);
        }
    }

    @Override
    public void handle(GatehouseEvent event, ConsumedRecord record) {
        if (!batch.get().contains(event.eventId())) {
            unannounced.add(event.eventId());
        }
        if ("poison".equals(event.accountId())) {
            throw new IllegalArgumentException("refused by the test handler");
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO test_effect (event_id, account_id) VALUES (?, ?) "
                                + "ON CONFLICT (event_id) DO UPDATE SET applied = test_effect.applied + 1")) {
            ps.setObject(1, event.eventId());
            ps.setString(2, event.accountId());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many transactions announced this event to {@code beforeBatch} (a rolled-back one counts too). */
    public int announced(UUID eventId) {
        return announced.getOrDefault(eventId, 0);
    }

    public Set<UUID> handledWithoutAnnouncement() {
        return Set.copyOf(unannounced);
    }

    public int applied(UUID eventId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT applied FROM test_effect WHERE event_id = ?")) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
