package io.gatehouse.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A real PostgreSQL 17 server (embedded binaries from Maven Central) with a persistent data directory, the
 * given databases created if missing. Usage: {@code PostgresMain <dataDir> <port> <db> [<db> ...]}. Runs until
 * the JVM is told to stop.
 */
public final class PostgresMain {
    private PostgresMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PostgresMain <dataDir> <port> <db> [<db> ...]");
            System.exit(2);
        }
        Path dataDir = Paths.get(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Path ready = dataDir.resolve("ready");
        Files.deleteIfExists(ready);
        EmbeddedPostgres pg = start(dataDir, port);
        createDatabases(pg, List.of(args).subList(2, args.length));
        Files.writeString(ready, Long.toString(ProcessHandle.current().pid()));
        System.out.println("PostgreSQL ready on 127.0.0.1:" + port);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(ready);
                pg.close();
            } catch (Exception e) {
                System.err.println("stop failed: " + e);
            }
            done.countDown();
        }));
        done.await();
    }

    public static EmbeddedPostgres start(Path dataDir, int port) throws Exception {
        Files.createDirectories(dataDir);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("data"))
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dataDir.resolve("work").toFile())
                .setPort(port)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "on")
                .start();
    }

    public static void createDatabases(EmbeddedPostgres pg, List<String> names) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            for (String name : names) {
                if (!name.matches("[a-z][a-z0-9_]{0,40}")) {
                    throw new IllegalArgumentException("bad database name " + name);
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                }
            }
        }
    }
}
