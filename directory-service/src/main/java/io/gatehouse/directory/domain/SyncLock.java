package io.gatehouse.directory.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Exactly one replica syncs a given account at a time: a PostgreSQL session-level advisory lock on
 * (class 0x44495253 "DIRS", hashtext(account id)), held on a dedicated connection for the whole run. The lock
 * disappears with the session if the replica dies.
 */
@ApplicationScoped
public class SyncLock {
    private static final int LOCK_CLASS = 0x44495253;
    private final DataSource dataSource;

    public SyncLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A held lock; close to release. Empty when another run holds it. */
    public Optional<Held> tryAcquire(String accountId) {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?, hashtext(?))")) {
                ps.setInt(1, LOCK_CLASS);
                ps.setString(2, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return Optional.of(new Held(c, accountId));
                    }
                }
            }
            c.close();
            return Optional.empty();
        } catch (SQLException e) {
            closeQuietly(c);
            throw new IllegalStateException("advisory lock failed", e);
        }
    }

    public static final class Held implements AutoCloseable {
        private final Connection connection;
        private final String accountId;

        private Held(Connection connection, String accountId) {
            this.connection = connection;
            this.accountId = accountId;
        }

        @Override
        public void close() {
            try (PreparedStatement ps = connection.prepareStatement("select pg_advisory_unlock(?, hashtext(?))")) {
                ps.setInt(1, LOCK_CLASS);
                ps.setString(2, accountId);
                ps.execute();
            } catch (SQLException e) {
                // the session is unusable; closing it below ends the PostgreSQL session and its locks
                try {
                    connection.abort(Runnable::run);
                } catch (SQLException ignored) {
                    // nothing more to do
                }
            } finally {
                closeQuietly(connection);
            }
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }
}
