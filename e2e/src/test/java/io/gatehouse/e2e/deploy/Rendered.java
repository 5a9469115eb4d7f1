package io.gatehouse.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** An overlay as {@code kubectl kustomize} renders it: the objects, looked up by kind and name. */
final class Rendered {
    private final List<JsonNode> objects;

    private Rendered(List<JsonNode> objects) {
        this.objects = objects;
    }

    /** Renders {@code overlay} with {@code kubectl kustomize} ({@code -Dgatehouse.kubectl=} for another binary). */
    static Rendered kustomize(Path overlay) {
        String kubectl = System.getProperty("gatehouse.kubectl", "kubectl");
        try {
            Process p = new ProcessBuilder(kubectl, "kustomize", overlay.toString())
                    .redirectErrorStream(true)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(
                        kubectl + " kustomize " + overlay + " failed:\n" + new String(out, StandardCharsets.UTF_8));
            }
            List<JsonNode> docs = new ArrayList<>();
            try (MappingIterator<JsonNode> it =
                    new YAMLMapper().readerFor(JsonNode.class).readValues(out)) {
                while (it.hasNext()) {
                    JsonNode d = it.next();
                    if (d != null && !d.isNull() && !d.isEmpty()) {
                        docs.add(d);
                    }
                }
            }
            return new Rendered(docs);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + kubectl + " (it must be on the PATH)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<JsonNode> all(String kind) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return all(kind).stream()
                .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new IllegalStateException("no " + kind + "/" + name + " rendered"));
    }

    /** A ConfigMap's data. */
    Map<String, String> configMap(String name) {
        Map<String, String> data = new LinkedHashMap<>();
        get("ConfigMap", name)
                .path("data")
                .fields()
                .forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }
}
