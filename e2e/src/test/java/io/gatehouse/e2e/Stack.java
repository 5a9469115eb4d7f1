package io.gatehouse.e2e;

import io.gatehouse.localstack.GatehouseStack;
import io.gatehouse.localstack.KafkaBroker;
import io.gatehouse.localstack.Ports;
import io.gatehouse.testsupport.Kafka;
import io.gatehouse.testsupport.Postgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole Gatehouse stack as it runs in production, each part its own process: PostgreSQL and a Kafka KRaft broker
 * (test-support's, restartable for the outage tests), the JumpCloud simulator and the three services from their
 * built jars, started by local-stack's {@link GatehouseStack} (the launcher {@code ./gatehouse} uses too) on free
 * loopback ports, with quick-start JVM flags and a 1 s directory scheduler tick. {@link #get()}: the one stack of the
 * test JVM; {@link #own}: a stack of a test's own, with settings of its own.
 */
public final class Stack implements Flows.Endpoints, AutoCloseable {
    private static Stack instance;

    public final String operatorToken;
    public final Path logs;
    public final Map<String, Service> services;
    public final int dnsPort;
    /**
     * A second JumpCloud API host that directory-service's operator allow-list names (loopback-base-urls) and on
     * which nothing listens unless a test binds a trap server there: tests of the rule that a stored API key never
     * follows a changed {@code apiBaseUrl}, even to an allowed host.
     */
    public final int allowedTrapPort;

    private final GatehouseStack launcher;
    private KafkaBroker ownBroker;

    /** A service process; restartable. */
    public static final class Service {
        public final String name;
        public final int port;
        private final GatehouseStack.Service process;

        Service(GatehouseStack.Service process) {
            this.name = process.name;
            this.port = process.port;
            this.process = process;
        }

        public String url() {
            return process.url();
        }

        /** Starts the process again and waits until it is ready. */
        public void start() {
            process.start();
        }

        /** kill -9, as a crashed pod. */
        public void kill() {
            process.kill();
        }

        public void stop() {
            process.stop();
        }

        public Path log() {
            return process.log();
        }
    }

    public static synchronized Stack get() {
        if (instance == null) {
            instance = new Stack(Postgres.get(), Kafka.get().bootstrapServers(), "stack-logs", o -> {});
        }
        return instance;
    }

    /**
     * A stack of its own: the same PostgreSQL server (its own databases, named with {@code name}), a Kafka broker of
     * its own (the topics and consumer groups are fixed names), {@code settings} over the usual ones. Stopped by
     * {@link #close()} or when the JVM exits.
     */
    public static Stack own(String name, Consumer<GatehouseStack.Options> settings) {
        KafkaBroker broker;
        try {
            Path target = Files.createDirectories(Paths.get(System.getProperty("user.dir"), "target"));
            broker = KafkaBroker.onFreePorts(Files.createTempDirectory(target, name + "-kafka-"))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop));
        Stack stack = new Stack(Postgres.get(), broker.bootstrapServers(), name + "-logs", o -> {
            o.databasePrefix = name + "_";
            settings.accept(o);
        });
        stack.ownBroker = broker;
        return stack;
    }

    /** Stops the services (and the broker of a stack of its own). */
    @Override
    public void close() {
        launcher.close();
        if (ownBroker != null) {
            ownBroker.stop();
        }
    }

    private Stack(Postgres pg, String kafka, String logDir, Consumer<GatehouseStack.Options> settings) {
        logs = Paths.get(System.getProperty("user.dir"), "target", logDir);
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GatehouseStack.Options o = new GatehouseStack.Options();
        o.logs = logs;
        o.operatorToken = "e2e-operator-" + GatehouseStack.random(12);
        o.jvm = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1");
        o.set("quarkus.http.host", "127.0.0.1");
        o.set(GatehouseStack.DIRECTORY, "gatehouse.directory.scheduler.tick", "1s");
        allowedTrapPort = Ports.free();
        o.extraJumpCloudUrls.add("http://127.0.0.1:" + allowedTrapPort);
        settings.accept(o);
        String jdbc = "";
        for (String database : GatehouseStack.DATABASES.values()) {
            jdbc = pg.database(o.databasePrefix + database);
        }
        String jdbcBase = jdbc.substring(0, jdbc.lastIndexOf('/') + 1);
        launcher = new GatehouseStack(new GatehouseStack.Infra(jdbcBase, pg.user(), pg.password(), kafka), o);
        operatorToken = launcher.operatorToken();
        dnsPort = launcher.dnsPort();
        Map<String, Service> all = new LinkedHashMap<>();
        launcher.services().forEach((name, s) -> all.put(name, new Service(s)));
        services = Collections.unmodifiableMap(all);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::close));
        launcher.start();
    }

    /**
     * Starts another replica of a service: the same jar and settings (same database, broker and public URLs) on
     * another port, as a second pod behind the same Service would run.
     */
    public Service replica(String name) {
        return new Service(launcher.replica(name));
    }

    @Override
    public String operatorToken() {
        return operatorToken;
    }

    @Override
    public String simUrl() {
        return sim().url();
    }

    @Override
    public String ssoUrl() {
        return sso().url();
    }

    @Override
    public String usersUrl() {
        return users().url();
    }

    @Override
    public String directoryUrl() {
        return directory().url();
    }

    public Service sim() {
        return services.get(GatehouseStack.SIMULATOR);
    }

    public Service sso() {
        return services.get(GatehouseStack.SSO);
    }

    public Service users() {
        return services.get(GatehouseStack.USERS);
    }

    public Service directory() {
        return services.get(GatehouseStack.DIRECTORY);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
