package io.gatehouse.deploy;

import io.gatehouse.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Kafka ACLs each service needs, read from the code rather than written down: the topics it produces (the
 * "produced by" line of each {@link Topics} constant's Javadoc, which EventContractTest keeps honest), the topic,
 * consumer group and dead-letter topic of each channel its {@code EventHandler}s consume ({@code @Incoming("<name>")},
 * configured as {@code mp.messaging.incoming.<name>.topic}, {@code .group.id} and {@code .dead-letter-queue.topic}
 * in the service's application.properties), and the revocation feed every service runs on
 * {@link Topics#USERS} (platform RevokedTokens: assigned partitions, no group). Entries read
 * {@code topic:<name>:<Operation>} and {@code group:<name>:Read}.
 */
public final class KafkaAcls {

    private static final Pattern PRODUCED =
            Pattern.compile("produced by ([a-z-]+)[^*]*\\*/\\s*public static final String (\\w+)");
    private static final Pattern INCOMING = Pattern.compile("@Incoming\\(\"([^\"]+)\"\\)");

    private KafkaAcls() {}

    public static Set<String> expected(String service) {
        Path root = PublicPaths.repositoryRoot();
        Set<String> acls = new TreeSet<>();
        try {
            String topics = Files.readString(root.resolve("events/src/main/java/io/gatehouse/events/Topics.java"));
            Matcher m = PRODUCED.matcher(topics);
            while (m.find()) {
                if (m.group(1).equals(service)) {
                    write(acls, constant(m.group(2)));
                }
            }
            // the revocation feed (platform RevokedTokens) in every service
            read(acls, Topics.USERS);
            Properties config = new Properties();
            try (var in = Files.newBufferedReader(
                    root.resolve(service).resolve("src/main/resources/application.properties"))) {
                config.load(in);
            }
            try (Stream<Path> files = Files.walk(root.resolve(service).resolve("src/main/java"))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String src = Files.readString(file);
                    if (!src.contains("implements EventHandler")) {
                        continue;
                    }
                    Matcher channel = INCOMING.matcher(src);
                    if (!channel.find()) {
                        throw new IllegalStateException(file + ": cannot read the handler's @Incoming channel");
                    }
                    String prefix = "mp.messaging.incoming." + channel.group(1) + ".";
                    acls.add("group:" + required(config, prefix + "group.id", file) + ":Read");
                    read(acls, required(config, prefix + "topic", file));
                    write(acls, required(config, prefix + "dead-letter-queue.topic", file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return acls;
    }

    private static String required(Properties config, String key, Path handler) {
        String value = config.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(handler + ": its channel has no " + key + " in application.properties");
        }
        return value;
    }

    private static void read(Set<String> acls, String topic) {
        acls.addAll(List.of("topic:" + topic + ":Read", "topic:" + topic + ":Describe"));
    }

    private static void write(Set<String> acls, String topic) {
        acls.addAll(List.of("topic:" + topic + ":Write", "topic:" + topic + ":Describe"));
    }

    private static String constant(String field) {
        try {
            return (String) Topics.class.getField(field).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Topics." + field + " is not a topic constant", e);
        }
    }
}
