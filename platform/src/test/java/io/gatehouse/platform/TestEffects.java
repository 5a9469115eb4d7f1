package io.gatehouse.platform;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.Topics;
import io.gatehouse.platform.messaging.ConsumedRecord;
import io.gatehouse.platform.messaging.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;

/**
 * A consumer for the tests: each applied event adds one to its row in test_effect (so a second application is
 * visible), and events of account "poison" always fail.
 */
@ApplicationScoped
public class TestEffects implements EventHandler {
    private final DataSource dataSource;

    public TestEffects(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String name() {
        return "test-effects";
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.ACCOUNTS);
    }

    @Override
    public void handle(GatehouseEvent event, ConsumedRecord record) {
        if ("poison".equals(event.accountId())) {
            throw new IllegalArgumentException("refused by the test handler");
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO test_effect (event_id, account_id) VALUES (?, ?) "
                        + "ON CONFLICT (event_id) DO UPDATE SET applied = test_effect.applied + 1")) {
            ps.setObject(1, event.eventId());
            ps.setString(2, event.accountId());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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
