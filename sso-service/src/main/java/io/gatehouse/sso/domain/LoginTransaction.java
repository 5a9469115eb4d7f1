package io.gatehouse.sso.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The ACS's login transaction as one plain JDBC transaction on one pooled connection (ADR 0027): the AuthnRequest's
 * consumption, the replay row, the user lookup, the session (or the pending switch), the RelayState and the outbox
 * row commit or roll back together, as they did in a JTA transaction, without a JTA transaction's own work
 * (Narayana's begin, the connection's enlistment, the synchronizations, the interceptors) on every login. Each step takes the
 * {@link Connection} it is handed; a {@link RuntimeException} from a step rolls everything back and is rethrown.
 * Must not be called inside a JTA transaction (the pool would hand out that transaction's connection).
 */
@ApplicationScoped
public class LoginTransaction {
    /** The steps, on the transaction's connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection);
    }

    private final DataSource dataSource;

    public LoginTransaction(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} and commits; rolls back when it throws. */
    public <T> T run(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            boolean committed = false;
            try {
                T result = work.run(c);
                c.commit();
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollback(c);
                }
            }
        } catch (SQLException e) {
            throw LoginJdbc.failed("run the login transaction", e);
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // only a broken connection fails to roll back, and PostgreSQL ends its transaction with it
        }
    }
}
