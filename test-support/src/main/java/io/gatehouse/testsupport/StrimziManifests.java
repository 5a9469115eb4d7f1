package io.gatehouse.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka security and topics the deployment declares, read from the shipped Strimzi manifests
 * ({@code deploy/k8s/base/kafka-users.yaml} and {@code kafka-topics.yaml}) so that the test broker enforces exactly
 * what production does: deploy's {@code ManifestTest} checks those manifests against the code, this class turns them
 * into Admin API objects.
 */
public final class StrimziManifests {
    private static final YAMLMapper YAML = new YAMLMapper();

    /** A topic of a {@code KafkaTopic}: its name, partitions and topic config (replication is the test broker's 1). */
    public record Topic(String name, int partitions, Map<String, String> config) {}

    private StrimziManifests() {}

    /** Service name (the {@code KafkaUser}'s name) → its ACLs, as simple-authorizer bindings for principal {@code User:<name>}. */
    public static Map<String, List<AclBinding>> kafkaUserAcls() {
        Map<String, List<AclBinding>> users = new LinkedHashMap<>();
        for (JsonNode user : documents("kafka-users.yaml", "KafkaUser")) {
            String name = user.path("metadata").path("name").asText();
            List<AclBinding> acls = new ArrayList<>();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode r = acl.path("resource");
                ResourcePattern pattern = new ResourcePattern(
                        resourceType(r.path("type").asText()),
                        r.path("name").asText("kafka-cluster"),
                        "prefix".equals(r.path("patternType").asText("literal"))
                                ? PatternType.PREFIXED
                                : PatternType.LITERAL);
                AclPermissionType permission =
                        "deny".equalsIgnoreCase(acl.path("type").asText("allow"))
                                ? AclPermissionType.DENY
                                : AclPermissionType.ALLOW;
                for (JsonNode op : acl.path("operations")) {
                    acls.add(new AclBinding(
                            pattern,
                            new AccessControlEntry(
                                    "User:" + name, acl.path("host").asText("*"), operation(op.asText()), permission)));
                }
            }
            users.put(name, List.copyOf(acls));
        }
        return users;
    }

    /** Every {@code KafkaTopic}'s topic. */
    public static List<Topic> topics() {
        List<Topic> topics = new ArrayList<>();
        for (JsonNode t : documents("kafka-topics.yaml", "KafkaTopic")) {
            Map<String, String> config = new LinkedHashMap<>();
            t.path("spec")
                    .path("config")
                    .fields()
                    .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            config.remove("min.insync.replicas"); // one broker
            topics.add(new Topic(
                    t.path("spec").path("topicName").asText(),
                    t.path("spec").path("partitions").asInt(1),
                    config));
        }
        return topics;
    }

    /** The ACL as deploy's {@code KafkaAcls} writes it: {@code topic:<name>:<Operation>}, {@code group:<name>:Read}. */
    public static String describe(AclBinding acl) {
        String op = acl.entry().operation().name();
        return acl.pattern().resourceType().name().toLowerCase(Locale.ROOT) + ":"
                + acl.pattern().name() + ":" + op.charAt(0) + op.substring(1).toLowerCase(Locale.ROOT);
    }

    private static ResourceType resourceType(String strimzi) {
        return switch (strimzi) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            case "cluster" -> ResourceType.CLUSTER;
            case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
            default -> throw new IllegalArgumentException("unknown KafkaUser ACL resource type " + strimzi);
        };
    }

    private static AclOperation operation(String strimzi) {
        AclOperation op = AclOperation.fromString(strimzi.replaceAll("([a-z])([A-Z])", "$1_$2"));
        if (op == AclOperation.UNKNOWN) {
            throw new IllegalArgumentException("unknown KafkaUser ACL operation " + strimzi);
        }
        return op;
    }

    private static List<JsonNode> documents(String file, String kind) {
        Path path = k8sBase().resolve(file);
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(path.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && kind.equals(doc.path("kind").asText())) {
                    out.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(path + " declares no " + kind);
        }
        return out;
    }

    /** {@code deploy/k8s/base} of this checkout, found from the working directory (a module of the repository). */
    static Path k8sBase() {
        for (Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
                dir != null;
                dir = dir.getParent()) {
            Path base = dir.resolve("deploy/k8s/base");
            if (Files.isRegularFile(base.resolve("kafka-users.yaml"))) {
                return base;
            }
        }
        throw new IllegalStateException(
                "deploy/k8s/base/kafka-users.yaml not found above " + System.getProperty("user.dir"));
    }
}
