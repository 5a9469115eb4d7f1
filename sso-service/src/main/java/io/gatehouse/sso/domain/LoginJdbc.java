package io.gatehouse.sso.domain;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Helpers for the statements of the login path (login start, ACS, session check) that run as plain JDBC rather
 * than through Hibernate (ADR 7): each is one indexed statement whose result is not needed as a managed entity,
 * so the persistence context (its flush at commit, and the cache clean-up that a bulk or native update
 * schedules) would be pure overhead on every login. The connection a {@code DataSource} hands out inside a JTA
 * transaction is the one enlisted in it (as the platform outbox relies on too).
 */
final class LoginJdbc {
    private LoginJdbc() {}

    /** TIMESTAMPTZ parameter. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** TIMESTAMPTZ column, null-safe. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException("could not " + what, e);
    }
}
