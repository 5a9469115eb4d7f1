package io.gatehouse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with the real tool, {@code kubectl kustomize} (kubectl 1.32, kustomize 5.5; override
 * the binary with {@code -Dgatehouse.kubectl=...}), so the tests check exactly what {@code kubectl apply -k}
 * would send. A missing kubectl fails the test: it is installed on the build machines and in CI.
 */
public final class Kustomize {

    private final Path root;
    private final Map<String, List<Manifest>> rendered = new ConcurrentHashMap<>();

    public Kustomize(Path root) {
        this.root = root;
    }

    /** The manifests {@code dir} (relative to the k8s root, e.g. "overlays/dev") renders to; a fresh copy each call. */
    public List<Manifest> render(String dir) {
        return rendered.computeIfAbsent(dir, this::run).stream()
                .map(Manifest::deepCopy)
                .toList();
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

    private List<Manifest> run(String dir) {
        String kubectl = System.getProperty("gatehouse.kubectl", "kubectl");
        Path target = root.resolve(dir).normalize();
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl, "kustomize", target.toString())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 2 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + dir + " failed (exit " + process.exitValue()
                            + "): "
                            + Files.readString(err, StandardCharsets.UTF_8).strip());
                }
                List<Manifest> manifests = new ArrayList<>();
                String source = dir + " (kubectl kustomize)";
                int index = 0;
                for (JsonNode doc : ManifestFiles.parseInline(Files.readString(out, StandardCharsets.UTF_8))) {
                    manifests.add(new Manifest(source, index++, (ObjectNode) doc));
                }
                return List.copyOf(manifests);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot run '" + kubectl + " kustomize' (kubectl 1.32 must be on the PATH,"
                            + " see deploy/README.md): " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
