package io.gatehouse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset of Kustomize these manifests
 * use, so the test can check what an overlay really deploys (not just the base). Supported: {@code resources}
 * (files and directories), {@code components}, {@code patches} (strategic-merge files or inline, with
 * {@code $patch: delete}; inline JSON 6902 with a {@code target}), {@code images}, {@code namespace},
 * {@code secretGenerator} with {@code literals}, {@code generatorOptions}. Any other field fails loudly, so the
 * renderer never silently ignores something the real tool would apply. (The output was compared with
 * {@code kubectl kustomize} 5.5 when this was written; the renderer is not a replacement for it.)
 */
public final class KustomizeLite {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "resources",
            "components", "patches", "images", "secretGenerator", "generatorOptions");

    private final Path root;

    public KustomizeLite(Path root) {
        this.root = root;
    }

    /** The manifests {@code dir} (relative to the k8s root, e.g. "overlays/dev") renders to. */
    public List<Manifest> render(String dir) {
        return build(root.resolve(dir).normalize(), false);
    }

    public static Path kustomizationFile(Path dir) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private ObjectNode kustomization(Path dir) {
        Path file = kustomizationFile(dir);
        if (file == null) {
            throw new IllegalStateException(root.relativize(dir) + ": no kustomization.yaml");
        }
        ObjectNode k = ManifestFiles.parse(root, file).get(0).node();
        for (Iterator<String> it = k.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!SUPPORTED.contains(field)) {
                throw new IllegalStateException(root.relativize(file) + ": field '" + field
                        + "' is not understood by the test's renderer; extend KustomizeLite");
            }
        }
        return k;
    }

    private List<Manifest> build(Path dir, boolean asComponent) {
        ObjectNode k = kustomization(dir);
        String kind = k.path("kind").asText("Kustomization");
        if (asComponent != "Component".equals(kind)) {
            throw new IllegalStateException(root.relativize(dir) + ": kind " + kind + " used as "
                    + (asComponent ? "a component" : "a resource"));
        }
        List<Manifest> out = new ArrayList<>();
        for (JsonNode entry : k.path("resources")) {
            Path p = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(build(p, false));
            } else {
                out.addAll(ManifestFiles.parse(root, p));
            }
        }
        out.addAll(generateSecrets(dir, k));
        if (asComponent) {
            if (k.has("images") || k.has("namespace") || k.has("components")) {
                throw new IllegalStateException(root.relativize(dir)
                        + ": images/namespace/components in a component are not supported by the test's renderer");
            }
            return out; // the caller applies the component's patches to the parent's resources
        }
        for (JsonNode entry : k.path("components")) {
            out = applyComponent(dir.resolve(entry.asText()).normalize(), out);
        }
        for (JsonNode patch : k.path("patches")) {
            out = applyPatch(dir, patch, out);
        }
        for (JsonNode image : k.path("images")) {
            out.forEach(m -> setImage(m, image));
        }
        if (k.hasNonNull("namespace")) {
            String ns = k.get("namespace").asText();
            out.stream().filter(m -> !m.is("Namespace"))
                    .forEach(m -> m.node().withObject("/metadata").put("namespace", ns));
        }
        return out;
    }

    private List<Manifest> applyComponent(Path dir, List<Manifest> current) {
        List<Manifest> extra = build(dir, true);
        List<Manifest> out = new ArrayList<>(current);
        out.addAll(extra);
        for (JsonNode patch : kustomization(dir).path("patches")) {
            out = applyPatch(dir, patch, out);
        }
        return out;
    }

    private List<Manifest> generateSecrets(Path dir, ObjectNode k) {
        List<Manifest> out = new ArrayList<>();
        int i = 0;
        for (JsonNode gen : k.path("secretGenerator")) {
            ObjectNode secret = ManifestFiles.YAML.createObjectNode();
            secret.put("apiVersion", "v1").put("kind", "Secret");
            secret.putObject("metadata").put("name", gen.path("name").asText());
            secret.put("type", gen.path("type").asText("Opaque"));
            ObjectNode data = secret.putObject("data");
            for (JsonNode literal : gen.path("literals")) {
                String text = literal.asText();
                int eq = text.indexOf('=');
                data.put(text.substring(0, eq), Base64.getEncoder()
                        .encodeToString(text.substring(eq + 1).getBytes(StandardCharsets.UTF_8)));
            }
            if (gen.has("files") || gen.has("envs")) {
                throw new IllegalStateException(root.relativize(dir) + ": secretGenerator files/envs not supported");
            }
            out.add(new Manifest(root.relativize(dir) + "/kustomization.yaml:secretGenerator", i++, secret));
        }
        return out;
    }

    private List<Manifest> applyPatch(Path dir, JsonNode patch, List<Manifest> current) {
        List<JsonNode> docs;
        if (patch.has("path")) {
            docs = readDocs(dir.resolve(patch.get("path").asText()));
        } else {
            docs = readDocs(patch.path("patch").asText());
        }
        JsonNode target = patch.path("target");
        List<Manifest> out = new ArrayList<>();
        if (!docs.isEmpty() && docs.get(0).isArray()) {
            for (Manifest m : current) {
                out.add(matches(m, target) ? m.withNode(JsonPatch.apply(m.node(), (ArrayNode) docs.get(0))) : m);
            }
            return out;
        }
        out.addAll(current);
        for (JsonNode doc : docs) {
            ObjectNode p = (ObjectNode) doc;
            String kind = p.path("kind").asText();
            String name = p.path("metadata").path("name").asText();
            int found = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).kind().equals(kind) && out.get(i).name().equals(name) && matches(out.get(i), target)) {
                    found = i;
                }
            }
            if (found < 0) {
                throw new IllegalStateException(root.relativize(dir) + ": patch for " + kind + "/" + name
                        + " matches no resource");
            }
            if ("delete".equals(p.path("$patch").asText())) {
                out.remove(found);
            } else {
                Manifest m = out.get(found);
                ObjectNode merged = m.node().deepCopy();
                StrategicMerge.merge(merged, p, builtIn(m));
                out.set(found, m.withNode(merged));
            }
        }
        return out;
    }

    /** Kubernetes' own kinds merge lists of named items by name; custom resources get a JSON merge patch. */
    private static boolean builtIn(Manifest m) {
        String group = m.group();
        return group.isEmpty() || !group.contains(".") || group.endsWith(".k8s.io");
    }

    private static boolean matches(Manifest m, JsonNode target) {
        if (target.isMissingNode()) {
            return true;
        }
        return (!target.has("kind") || target.get("kind").asText().equals(m.kind()))
                && (!target.has("name") || target.get("name").asText().equals(m.name()))
                && (!target.has("group") || target.get("group").asText().equals(m.group()));
    }

    private static void setImage(Manifest m, JsonNode image) {
        for (JsonNode container : m.spec().path("template").path("spec").path("containers")) {
            String ref = container.path("image").asText();
            String name = imageName(ref);
            if (name.equals(image.path("name").asText())) {
                String newName = image.path("newName").asText(name);
                String suffix = ref.substring(name.length());
                if (image.has("digest")) {
                    suffix = "@" + image.get("digest").asText();
                } else if (image.has("newTag")) {
                    suffix = ":" + image.get("newTag").asText();
                }
                ((ObjectNode) container).put("image", newName + suffix);
            }
        }
    }

    /** "registry:5000/a/b:tag" → "registry:5000/a/b". */
    static String imageName(String ref) {
        int at = ref.indexOf('@');
        String noDigest = at < 0 ? ref : ref.substring(0, at);
        int colon = noDigest.lastIndexOf(':');
        return colon > noDigest.lastIndexOf('/') ? noDigest.substring(0, colon) : noDigest;
    }

    private List<JsonNode> readDocs(Path file) {
        List<JsonNode> docs = new ArrayList<>();
        ManifestFiles.parse(root, file).forEach(m -> docs.add(m.node()));
        return docs;
    }

    private static List<JsonNode> readDocs(String yaml) {
        return ManifestFiles.parseInline(yaml);
    }

    /** Strategic merge (built-in kinds: lists of objects with a "name" merge by name) or JSON merge patch. */
    static final class StrategicMerge {
        private StrategicMerge() {
        }

        static void merge(ObjectNode target, ObjectNode patch, boolean namedLists) {
            for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                JsonNode value = e.getValue();
                JsonNode existing = target.get(key);
                if (key.startsWith("$patch")) {
                    continue;
                }
                if (value.isNull()) {
                    target.remove(key);
                } else if (value.isObject() && existing != null && existing.isObject()) {
                    merge((ObjectNode) existing, (ObjectNode) value, namedLists);
                } else if (namedLists && value.isArray() && existing != null && existing.isArray() && named(value)
                        && named(existing)) {
                    mergeByName((ArrayNode) existing, (ArrayNode) value);
                } else {
                    target.set(key, value.deepCopy());
                }
            }
        }

        private static boolean named(JsonNode array) {
            if (array.isEmpty()) {
                return false;
            }
            for (JsonNode item : array) {
                if (!item.isObject() || !item.has("name")) {
                    return false;
                }
            }
            return true;
        }

        private static void mergeByName(ArrayNode target, ArrayNode patch) {
            for (JsonNode item : patch) {
                ObjectNode match = null;
                for (JsonNode t : target) {
                    if (t.get("name").asText().equals(item.get("name").asText())) {
                        match = (ObjectNode) t;
                    }
                }
                if (match == null) {
                    target.add(item.deepCopy());
                } else {
                    merge(match, (ObjectNode) item, true);
                }
            }
        }
    }

    /** JSON Patch (RFC 6902) operations add, replace and remove. */
    static final class JsonPatch {
        private JsonPatch() {
        }

        static ObjectNode apply(ObjectNode doc, ArrayNode ops) {
            ObjectNode copy = doc.deepCopy();
            for (JsonNode op : ops) {
                String[] tokens = op.path("path").asText().substring(1).split("/", -1);
                JsonNode parent = copy;
                for (int i = 0; i < tokens.length - 1; i++) {
                    parent = child(parent, unescape(tokens[i]));
                    if (parent == null) {
                        throw new IllegalStateException("JSON patch path not found: " + op.path("path").asText());
                    }
                }
                String last = unescape(tokens[tokens.length - 1]);
                String kind = op.path("op").asText();
                switch (kind) {
                    case "add", "replace" -> {
                        if (parent instanceof ObjectNode o) {
                            if ("replace".equals(kind) && !o.has(last)) {
                                throw new IllegalStateException("JSON patch replace of a missing member: "
                                        + op.path("path").asText());
                            }
                            o.set(last, op.get("value").deepCopy());
                        } else if (parent instanceof ArrayNode a) {
                            if ("-".equals(last)) {
                                a.add(op.get("value").deepCopy());
                            } else if ("add".equals(kind)) {
                                a.insert(Integer.parseInt(last), op.get("value").deepCopy());
                            } else {
                                a.set(Integer.parseInt(last), op.get("value").deepCopy());
                            }
                        }
                    }
                    case "remove" -> {
                        if (parent instanceof ObjectNode o) {
                            if (o.remove(last) == null) {
                                throw new IllegalStateException("JSON patch remove of a missing member: "
                                        + op.path("path").asText());
                            }
                        } else if (parent instanceof ArrayNode a) {
                            a.remove(Integer.parseInt(last));
                        }
                    }
                    default -> throw new IllegalStateException("JSON patch op not supported: " + kind);
                }
            }
            return copy;
        }

        private static JsonNode child(JsonNode node, String token) {
            return node.isArray() ? node.get(Integer.parseInt(token)) : node.get(token);
        }

        private static String unescape(String token) {
            return token.replace("~1", "/").replace("~0", "~");
        }
    }
}
