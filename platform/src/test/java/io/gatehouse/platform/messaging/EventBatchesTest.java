package io.gatehouse.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures are the database's (retried until it is back) and which are the event's (dead-lettered). */
class EventBatchesTest {

    @Test
    void databaseUnavailableWhenTheConnectionIsLostRefusedOrTheServerIsShuttingDown() {
        assertTrue(EventBatches.databaseUnavailable(new IllegalStateException(
                new SQLException("An I/O error occurred while sending to the backend.", "08006"))));
        assertTrue(EventBatches.databaseUnavailable(new SQLException("the database system is shutting down", "57P03")));
        assertTrue(EventBatches.databaseUnavailable(new RuntimeException(new ConnectException("Connection refused"))));
    }

    @Test
    void notDatabaseUnavailableWhenTheEventIsRefusedOrBreaksAConstraint() {
        assertFalse(EventBatches.databaseUnavailable(new IllegalArgumentException("refused by the handler")));
        assertFalse(EventBatches.databaseUnavailable(new IllegalStateException(
                new SQLException("duplicate key value violates unique constraint", "23505"))));
    }
}
