package io.gatehouse.e2e.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gatehouse.testsupport.Postgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The replicas of a Deployment start together, and so do their {@code migrate} init containers. Flyway runs
 * {@code QUARKUS_FLYWAY_INIT_SQL} (the runtime role's grants) as soon as it connects, before it waits for its own
 * lock, so one replica's init SQL runs while the other replica's migrations change the schema. PostgreSQL's
 * {@code GRANT} does not lock the objects it changes: a grant on a table that a migration alters at that moment fails
 * with "tuple concurrently updated", and the init container exits 1 (CI, 2026-12-05: sso-service-1). The advisory
 * lock in the init SQL only orders the replicas' grants among themselves, not against the other's migration.
 *
 * <p>Here one thread plays the migrating replica (tables created, columns added, indexes built, each statement on
 * its own as Flyway runs them) while another plays the replicas connecting, running the base manifest's init SQL
 * statement by statement on a new connection each time. Neither may fail, and afterwards the runtime role must hold
 * its row privileges on every table and sequence, including those made during the race.
 */
class MigrateInitSqlRaceTest {
    private static final long RACE_MILLIS = 3_000;
    private static final Pattern APP_ROLE = Pattern.compile("TO (gatehouse_[a-z]+_app)");

    @ParameterizedTest
    @ValueSource(strings = {"sso-service", "user-service", "directory-service"})
    void initSqlDoesNotRaceAnotherReplicasMigration(String deployment) throws Exception {
        String initSql = initSql(deployment);
        Matcher m = APP_ROLE.matcher(initSql);
        assertTrue(m.find(), "the init SQL grants no gatehouse_*_app role: " + initSql);
        String appRole = m.group(1);

        Postgres pg = Postgres.get();
        String db = "initsql_race_" + deployment.replace("-service", "");
        String url = pg.database(db);
        try (Connection c = connect(url, pg);
                Statement st = c.createStatement()) {
            if (!exists(st, "SELECT 1 FROM pg_roles WHERE rolname = '" + appRole + "'")) {
                st.execute("CREATE ROLE " + appRole + " NOLOGIN");
            }
            st.execute("DROP SCHEMA public CASCADE");
            st.execute("CREATE SCHEMA public");
        }
        // the first replica to connect runs the init SQL before anything is migrated
        runInitSql(url, pg, initSql);

        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger initRuns = new AtomicInteger();
        AtomicInteger ddl = new AtomicInteger();
        Thread migrating = new Thread(() -> {
            try (Connection c = connect(url, pg);
                    Statement st = c.createStatement()) {
                for (int i = 0; !stop.get(); i++) {
                    String table = "t" + (i % 4);
                    try {
                        st.execute("CREATE TABLE IF NOT EXISTS " + table + " (id bigserial PRIMARY KEY)");
                        st.execute("ALTER TABLE " + table + " ADD COLUMN c" + i + " integer");
                        st.execute("CREATE INDEX ON " + table + " (c" + i + ")");
                        ddl.incrementAndGet();
                    } catch (SQLException e) {
                        failures.add("migration DDL on " + table + ": " + e.getMessage());
                    }
                }
            } catch (SQLException e) {
                failures.add("migration connection: " + e.getMessage());
            }
        });
        Thread connecting = new Thread(() -> {
            while (!stop.get()) {
                try {
                    runInitSql(url, pg, initSql);
                    initRuns.incrementAndGet();
                } catch (SQLException e) {
                    failures.add("init SQL: " + e.getMessage());
                }
            }
        });
        migrating.start();
        connecting.start();
        Thread.sleep(RACE_MILLIS);
        stop.set(true);
        migrating.join();
        connecting.join();

        assertTrue(
                ddl.get() > 10 && initRuns.get() > 10,
                "the race ran: " + ddl + " DDL rounds, " + initRuns + " init SQL runs");
        assertTrue(
                failures.isEmpty(),
                failures.size() + " statements refused while the other replica migrated, the first: "
                        + failures.stream().limit(3).toList());
        try (Connection c = connect(url, pg);
                Statement st = c.createStatement()) {
            assertEquals(
                    List.of(),
                    strings(
                            st,
                            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                    + " WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT has_table_privilege('"
                                    + appRole + "', c.oid, 'SELECT, INSERT, UPDATE, DELETE')"),
                    "tables the runtime role cannot read and write");
            assertEquals(
                    List.of(),
                    strings(
                            st,
                            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                    + " WHERE n.nspname = 'public' AND c.relkind = 'S' AND NOT CASE c.relkind"
                                    + " WHEN 'S' THEN has_sequence_privilege('" + appRole
                                    + "', c.oid, 'USAGE, SELECT, UPDATE') END"),
                    "sequences the runtime role cannot use");
            assertTrue(
                    exists(st, "SELECT 1 WHERE has_schema_privilege('" + appRole + "', 'public', 'USAGE')"),
                    "the runtime role has no USAGE on schema public");
        }
    }

    /** As Flyway runs an init SQL: on a new connection, one statement after the other, each committed. */
    private static void runInitSql(String url, Postgres pg, String initSql) throws SQLException {
        try (Connection c = connect(url, pg);
                Statement st = c.createStatement()) {
            for (String statement : initSql.split(";")) {
                if (!statement.isBlank()) {
                    st.execute(statement.strip());
                }
            }
        }
    }

    private static String initSql(String deployment) throws IOException {
        Path root = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        while (!Files.exists(root.resolve("deploy/k8s/base"))) {
            root = root.getParent();
        }
        try (MappingIterator<JsonNode> it = new YAMLMapper()
                .readerFor(JsonNode.class)
                .readValues(
                        root.resolve("deploy/k8s/base/" + deployment + ".yaml").toFile())) {
            while (it.hasNext()) {
                JsonNode o = it.next();
                if (o == null || !"Deployment".equals(o.path("kind").asText())) {
                    continue;
                }
                for (JsonNode init :
                        o.path("spec").path("template").path("spec").path("initContainers")) {
                    for (JsonNode env : init.path("env")) {
                        if ("QUARKUS_FLYWAY_INIT_SQL".equals(env.path("name").asText())) {
                            return env.path("value").asText();
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("no QUARKUS_FLYWAY_INIT_SQL in the " + deployment + " Deployment");
    }

    private static Connection connect(String url, Postgres pg) throws SQLException {
        return DriverManager.getConnection(url, pg.user(), pg.password());
    }

    private static boolean exists(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next();
        }
    }

    private static List<String> strings(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
