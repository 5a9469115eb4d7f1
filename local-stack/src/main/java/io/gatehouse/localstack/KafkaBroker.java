package io.gatehouse.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** A Kafka broker in a child JVM that can be stopped, killed and started again on the same data and ports. */
public final class KafkaBroker implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private final List<String> formatOptions;
    private Process process;

    public KafkaBroker(Path dataDir, int port, int controllerPort) {
        this(dataDir, port, controllerPort, Map.of(), List.of());
    }

    /**
     * A broker whose settings are {@link KafkaMain}'s plaintext defaults replaced or completed by {@code overrides}
     * (listeners, SASL, TLS, authorizer), its storage formatted with {@code formatOptions} (e.g. {@code --add-scram}).
     */
    public KafkaBroker(
            Path dataDir, int port, int controllerPort, Map<String, String> overrides, List<String> formatOptions) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.overrides = Map.copyOf(overrides);
        this.formatOptions = List.copyOf(formatOptions);
    }

    public static KafkaBroker onFreePorts(Path dataDir) {
        return new KafkaBroker(dataDir, Ports.free(), Ports.free());
    }

    public synchronized KafkaBroker start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        List<String> args =
                new ArrayList<>(List.of(dataDir.toString(), Integer.toString(port), Integer.toString(controllerPort)));
        if (!overrides.isEmpty() || !formatOptions.isEmpty()) {
            args.add(writeOverrides().toString());
            args.addAll(formatOptions);
        }
        process = JavaProcess.start(
                KafkaMain.class.getName(),
                List.of(
                        "-Xms256m",
                        "-Xmx512m",
                        "-XX:+UseSerialGC",
                        "-XX:-UsePerfData",
                        "-XX:TieredStopAtLevel=1",
                        "-Djava.io.tmpdir=" + dataDir),
                args,
                dataDir.resolve("kafka.log"));
        Ports.awaitOpen(port, Duration.ofSeconds(90), process);
        return this;
    }

    private Path writeOverrides() {
        Path file = dataDir.resolve("overrides.properties");
        Properties p = new Properties();
        p.putAll(overrides);
        try {
            Files.createDirectories(dataDir);
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                p.store(w, "Settings over KafkaMain's defaults");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Orderly shutdown (SIGTERM), as a broker restart in production. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }
}
