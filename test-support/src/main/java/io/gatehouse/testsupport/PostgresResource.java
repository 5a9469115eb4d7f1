package io.gatehouse.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real PostgreSQL database. Init arg {@code database} names it (default
 * {@code test}); the server is shared by every test in the JVM.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private String database = "test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        Postgres pg = Postgres.get();
        return Map.of(
                "quarkus.datasource.db-kind", "postgresql",
                "quarkus.datasource.jdbc.url", pg.database(database),
                "quarkus.datasource.username", pg.user(),
                "quarkus.datasource.password", pg.password());
    }

    @Override
    public void stop() {
        // the server lives as long as the JVM so that test classes share it
    }
}
