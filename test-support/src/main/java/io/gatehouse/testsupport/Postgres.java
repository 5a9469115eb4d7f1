package io.gatehouse.testsupport;

import io.gatehouse.localstack.PostgresMain;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * One real PostgreSQL server per test JVM: embedded PostgreSQL 17 binaries by default; an external server when
 * {@code GATEHOUSE_TEST_JDBC_URL} (e.g. {@code jdbc:postgresql://db:5432/}), {@code GATEHOUSE_TEST_DB_USER} and
 * {@code GATEHOUSE_TEST_DB_PASSWORD} are set; Testcontainers with {@code GATEHOUSE_TEST_INFRA=containers}
 * (no {@code -Pcontainers} profile yet: issue #17).
 */
public final class Postgres {
    private static Postgres instance;

    private final String baseUrl;
    private final String user;
    private final String password;
    private EmbeddedPostgres embedded;
    private final Path dataDir;
    private final int port;

    private Postgres(String baseUrl, String user, String password, EmbeddedPostgres embedded, Path dataDir, int port) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        this.dataDir = dataDir;
        this.port = port;
    }

    public static synchronized Postgres get() {
        if (instance == null) {
            instance = startServer();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown));
        }
        return instance;
    }

    private static Postgres startServer() {
        String external = Infra.env("GATEHOUSE_TEST_JDBC_URL");
        if (external != null) {
            String base = external.endsWith("/") ? external : external + "/";
            return new Postgres(base, Infra.env("GATEHOUSE_TEST_DB_USER"), Infra.env("GATEHOUSE_TEST_DB_PASSWORD"),
                    null, null, -1);
        }
        if (Infra.containers()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
            container.start();
            String url = container.getJdbcUrl();
            String base = url.substring(0, url.lastIndexOf('/') + 1);
            return new Postgres(base, container.getUsername(), container.getPassword(), null, null, -1);
        }
        try {
            Path dir = Infra.scratch("postgres");
            int port = io.gatehouse.localstack.Ports.free();
            EmbeddedPostgres pg = PostgresMain.start(dir, port);
            return new Postgres("jdbc:postgresql://127.0.0.1:" + port + "/", "postgres", "postgres", pg, dir, port);
        } catch (Exception e) {
            throw new IllegalStateException("could not start embedded PostgreSQL", e);
        }
    }

    /** Creates the database if needed and returns its JDBC URL. */
    public synchronized String database(String name) {
        if (embedded != null) {
            try {
                PostgresMain.createDatabases(embedded, List.of(name));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        } else {
            try (Connection c = DriverManager.getConnection(baseUrl + "postgres", user, password)) {
                try (var rs = c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                    if (!rs.next()) {
                        c.createStatement().execute("CREATE DATABASE " + name);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return baseUrl + name;
    }

    /** The server's port; -1 for an external server or a container (not a local process). */
    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Stops the embedded server (as a database outage). Only for the embedded server. */
    public synchronized void stop() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            embedded = null;
        }
    }

    /** Starts the embedded server again on the same data and port after {@link #stop()}. */
    public synchronized void restart() {
        if (embedded == null && dataDir != null) {
            try {
                embedded = PostgresMain.start(dataDir, port);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void shutdown() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // JVM is exiting
        }
    }
}
