package io.gatehouse.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * A single-node Apache Kafka KRaft broker (combined broker and controller) with its data in a directory, formatted
 * on first start. Usage: {@code KafkaMain <dataDir> <port> <controllerPort> [<overrides.properties> [<format option>...]]}:
 * the optional properties file replaces or adds broker settings (listeners, authorizer, ...), the options after it
 * go to the storage format (e.g. {@code --add-scram}, to bootstrap the super user's SCRAM credentials).
 */
public final class KafkaMain {
    private KafkaMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println(
                    "usage: KafkaMain <dataDir> <port> <controllerPort> [<overrides.properties> [<format option>...]]");
            System.exit(2);
        }
        Path dataDir = Paths.get(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        Properties overrides = new Properties();
        if (args.length > 3) {
            try (Reader r = Files.newBufferedReader(Paths.get(args[3]), StandardCharsets.UTF_8)) {
                overrides.load(r);
            }
        }
        Path config = writeConfig(dataDir, port, controllerPort, overrides);
        if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            List<String> format =
                    new ArrayList<>(List.of("format", "--standalone", "-t", clusterId(), "-c", config.toString()));
            format.addAll(Arrays.asList(args).subList(Math.min(4, args.length), args.length));
            int rc = kafka.tools.StorageTool.execute(
                    format.toArray(String[]::new), new PrintStream(System.out, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                System.err.println("storage format failed: " + rc);
                System.exit(rc);
            }
        }
        kafka.Kafka.main(new String[] {config.toString()});
    }

    static String clusterId() {
        // Kafka's own generator: never a leading '-', which the storage tool would read as an option
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    static Path writeConfig(Path dataDir, int port, int controllerPort, Properties overrides) throws IOException {
        Files.createDirectories(dataDir);
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve("logs").toString());
        p.setProperty("num.partitions", "3");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.flush.interval.messages", "1");
        // the controller appends a no-op record to the metadata log (written and flushed) every 500 ms by default,
        // ~3.5 of an idle broker's 19 ms/s in its raft and controller threads; 5 s is plenty for one node (ADR 0021)
        p.setProperty("metadata.max.idle.interval.ms", "5000");
        // one node on a small machine: Kafka's 8 request handlers, 3 network threads and 4 group-coordinator threads
        // each wake several times a second while idle; with these an idle broker without clients went 13.7 -> 10.9
        // ms of CPU per second (ADR 0023)
        p.setProperty("num.io.threads", "2");
        p.setProperty("num.network.threads", "1");
        p.setProperty("group.coordinator.threads", "1");
        p.putAll(overrides);
        Path file = dataDir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "Gatehouse local Kafka broker");
        }
        return file;
    }
}
