package io.gatehouse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * One YAML document of a manifest file.
 *
 * @param source where it came from, relative to {@code deploy/k8s} (a file, or a generator), for messages
 * @param index  position of the document in its file (0-based)
 * @param node   the document
 */
public record Manifest(String source, int index, ObjectNode node) {

    public static Manifest of(Path root, Path file, int index, ObjectNode node) {
        return new Manifest(root.relativize(file).toString().replace('\\', '/'), index, node);
    }

    public String apiVersion() {
        return node.path("apiVersion").asText("");
    }

    /** The API group: "" for the core group, "apps" for apps/v1, "kafka.strimzi.io" for kafka.strimzi.io/v1beta2. */
    public String group() {
        String api = apiVersion();
        int slash = api.indexOf('/');
        return slash < 0 ? "" : api.substring(0, slash);
    }

    public String kind() {
        return node.path("kind").asText("");
    }

    public String name() {
        return node.path("metadata").path("name").asText("");
    }

    public JsonNode spec() {
        return node.path("spec");
    }

    public boolean is(String kind) {
        return kind.equals(kind());
    }

    /** "base/sso-service.yaml#2 Deployment/sso-service": names the manifest in every failure message. */
    public String describe() {
        return source + "#" + index + " " + kind() + "/" + name();
    }

    public Manifest withNode(ObjectNode replacement) {
        return new Manifest(source, index, replacement);
    }

    public Manifest deepCopy() {
        return new Manifest(source, index, node.deepCopy());
    }
}
