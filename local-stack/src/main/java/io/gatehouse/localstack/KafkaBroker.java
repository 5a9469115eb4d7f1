package io.gatehouse.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A Kafka broker in a child JVM that can be stopped, killed and started again on the same data and ports. */
public final class KafkaBroker implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private Process process;

    public KafkaBroker(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public static KafkaBroker onFreePorts(Path dataDir) {
        return new KafkaBroker(dataDir, Ports.free(), Ports.free());
    }

    public synchronized KafkaBroker start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        process = JavaProcess.start(KafkaMain.class.getName(), List.of("-Xms256m", "-Xmx512m", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + dataDir),
                List.of(dataDir.toString(), Integer.toString(port), Integer.toString(controllerPort)),
                dataDir.resolve("kafka.log"));
        Ports.awaitOpen(port, Duration.ofSeconds(90), process);
        return this;
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

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }
}
