package io.gatehouse.deploy;

import io.gatehouse.events.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Kafka ACLs each service needs, read from the code rather than written down: the topics it produces (the
 * "produced by" line of each {@link Topics} constant's Javadoc, which EventContractTest keeps honest), the topics and
 * consumer groups of its {@code EventHandler}s (group = {@code <service-name>.<name()>}, as platform's
 * EventConsumerRunner builds it) with their dead-letter topics, and the revocation feed every service runs on
 * {@link Topics#USERS} (platform RevokedTokens: assigned partitions, no group). Entries read
 * {@code topic:<name>:<Operation>} and {@code group:<name>:Read}.
 */
public final class KafkaAcls {

    private static final Pattern PRODUCED = Pattern.compile(
            "produced by ([a-z-]+)[^*]*\\*/\\s*public static final String (\\w+)");
    private static final Pattern NAME = Pattern.compile("String name\\(\\)\\s*\\{\\s*return \"([^\"]+)\";");
    private static final Pattern TOPICS = Pattern.compile("topics\\(\\)\\s*\\{\\s*return Set\\.of\\(([^)]*)\\);");

    private KafkaAcls() {
    }

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
            try (Stream<Path> files = Files.walk(root.resolve(service).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String src = Files.readString(file);
                    if (!src.contains("implements EventHandler")) {
                        continue;
                    }
                    Matcher name = NAME.matcher(src);
                    Matcher consumed = TOPICS.matcher(src);
                    if (!name.find() || !consumed.find()) {
                        throw new IllegalStateException(file + ": cannot read the handler's name() and topics()");
                    }
                    acls.add("group:" + service + "." + name.group(1) + ":Read");
                    for (String ref : consumed.group(1).split(",")) {
                        String topic = constant(ref.trim().replace("Topics.", ""));
                        read(acls, topic);
                        write(acls, Topics.deadLetter(topic));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return acls;
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
