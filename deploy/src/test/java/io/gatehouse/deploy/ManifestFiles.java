package io.gatehouse.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds and parses the YAML files under {@code deploy/k8s}, every document of multi-document files included. */
public final class ManifestFiles {

    static final YAMLMapper YAML = new YAMLMapper();

    private ManifestFiles() {}

    /** {@code deploy/k8s}: from the system property surefire sets, else relative to the working directory. */
    public static Path k8sRoot() {
        String dir = System.getProperty("gatehouse.deploy.dir");
        Path root = (dir == null ? Path.of("") : Path.of(dir))
                .resolve("k8s")
                .toAbsolutePath()
                .normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("manifest directory not found: " + root);
        }
        return root;
    }

    /** Every *.yaml / *.yml file under {@code root}, sorted. */
    public static List<Path> yamlFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every non-empty document of {@code file}; a document that is not a mapping fails with the file named. */
    public static List<Manifest> parse(Path root, Path file) {
        List<Manifest> docs = new ArrayList<>();
        List<JsonNode> nodes;
        try {
            nodes = documents(YAML.getFactory().createParser(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + root.relativize(file) + ": " + e.getMessage(), e);
        }
        for (int index = 0; index < nodes.size(); index++) {
            JsonNode doc = nodes.get(index);
            if (doc == null || doc.isNull() || doc.isMissingNode()) {
                continue;
            }
            if (!(doc instanceof ObjectNode object)) {
                throw new IllegalStateException(root.relativize(file) + "#" + index
                        + ": a manifest document must be a mapping, found " + doc.getNodeType());
            }
            docs.add(Manifest.of(root, file, index, object));
        }
        return docs;
    }

    public static List<Manifest> parseAll(Path root) {
        List<Manifest> all = new ArrayList<>();
        for (Path file : yamlFiles(root)) {
            all.addAll(parse(root, file));
        }
        return all;
    }

    /** The documents of an inline YAML string (an inline patch), a top-level list kept as one document. */
    public static List<JsonNode> parseInline(String yaml) {
        try {
            List<JsonNode> docs = new ArrayList<>(documents(YAML.getFactory().createParser(yaml)));
            docs.removeIf(d -> d == null || d.isNull() || d.isMissingNode());
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse inline patch: " + e.getMessage(), e);
        }
    }

    /**
     * Every document of a YAML stream, in order (null for an empty one). Reads document by document rather
     * than with {@code readValues}, which would unwrap a top-level list into its elements.
     */
    private static List<JsonNode> documents(JsonParser parser) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (parser) {
            while (parser.nextToken() != null) {
                docs.add(YAML.readTree(parser));
            }
        }
        return docs;
    }
}
