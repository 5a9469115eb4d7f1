package io.gatehouse.testsupport;

import io.gatehouse.localstack.PostgresMain;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;

/**
 * One real PostgreSQL server per test JVM: embedded PostgreSQL 17 binaries by default; an external server when
 * {@code GATEHOUSE_TEST_JDBC_URL} (e.g. {@code jdbc:postgresql://db:5432/}), {@code GATEHOUSE_TEST_DB_USER} and
 * {@code GATEHOUSE_TEST_DB_PASSWORD} are set; with {@code GATEHOUSE_TEST_INFRA=containers} ({@code -Pcontainers})
 * a container of the local {@code gatehouse/postgres} image (Debian's PostgreSQL) on the host network, stoppable
 * and restartable like the embedded server, see {@link Containers}.
 */
public final class Postgres {
    /** Debian bookworm's PostgreSQL, built by .ci/containers.sh; configured like the official image (PGPORT etc.). */
    static final String IMAGE = "gatehouse/postgres:15";

    private static Postgres instance;

    private final String baseUrl;
    private final String user;
    private final String password;
    private EmbeddedPostgres embedded;
    private final Path dataDir;
    private final int port;
    private final GenericContainer<?> container;

    private Postgres(String baseUrl, String user, String password, EmbeddedPostgres embedded, Path dataDir, int port) {
        this(baseUrl, user, password, embedded, dataDir, port, null);
    }

    private Postgres(
            String baseUrl,
            String user,
            String password,
            EmbeddedPostgres embedded,
            Path dataDir,
            int port,
            GenericContainer<?> container) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        this.dataDir = dataDir;
        this.port = port;
        this.container = container;
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
            return new Postgres(
                    base, Infra.env("GATEHOUSE_TEST_DB_USER"), Infra.env("GATEHOUSE_TEST_DB_PASSWORD"), null, null, -1);
        }
        if (Infra.containers()) {
            return container();
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

    private static Postgres container() {
        int port = io.gatehouse.localstack.Ports.free();
        String password = java.util.UUID.randomUUID().toString();
        String base = "jdbc:postgresql://127.0.0.1:" + port + "/";
        GenericContainer<?> container = Containers.start(
                Containers.image("GATEHOUSE_TEST_POSTGRES_IMAGE", IMAGE),
                Map.of("PGPORT", Integer.toString(port), "POSTGRES_PASSWORD", password),
                List.of("-c", "max_connections=200", "-c", "fsync=on"),
                () -> accepts(base, password));
        return new Postgres(base, "postgres", password, null, null, -1, container);
    }

    /** The server answers a query (its port opens before it accepts connections). */
    private static boolean accepts(String base, String password) {
        try (Connection c = DriverManager.getConnection(base + "postgres", "postgres", password)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
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
                try (var rs =
                        c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
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

    /** Stops the embedded server or the container (as a database outage). */
    public synchronized void stop() {
        if (container != null) {
            Containers.stop(container);
        } else if (embedded != null) {
            try {
                embedded.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            embedded = null;
        }
    }

    /** Starts the embedded server or the container again on the same data and port after {@link #stop()}. */
    public synchronized void restart() {
        if (container != null) {
            Containers.restart(container, () -> accepts(baseUrl, password));
        } else if (embedded == null && dataDir != null) {
            try {
                embedded = PostgresMain.start(dataDir, port);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void shutdown() {
        if (container != null) {
            return; // Containers removes it
        }
        try {
            stop();
        } catch (RuntimeException ignored) {
            // JVM is exiting
        }
    }
}
