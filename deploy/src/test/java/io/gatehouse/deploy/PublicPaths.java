package io.gatehouse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The URL prefixes the services serve, read from their sources: every JAX-RS {@code @Path} (class path joined
 * with method path) and every top-level folder of static resources ({@code META-INF/resources/<dir>}). The Ingress
 * and the HTTPRoute must route each prefix that is not {@linkplain #INTERNAL internal}, so a new page or asset
 * folder cannot be forgotten in the manifests.
 */
public final class PublicPaths {

    /** Services whose pages or endpoints face the internet (user-service only serves internal JSON APIs). */
    static final List<String> PUBLIC_SERVICES = List.of("sso-service", "directory-service");

    /**
     * Prefixes that are deliberately not exposed: the admin JSON APIs (the console reaches them through
     * sso-service's {@code /console/api} proxy; operators call them inside the cluster) and JWT key rotation
     * (operator only). A new prefix is public unless added here, with its reason in deploy/README.md.
     */
    static final Set<String> INTERNAL = Set.of("/api/accounts", "/api/jwt");

    private static final Pattern PATH = Pattern.compile("@Path\\(\"([^\"]*)\"\\)");
    private static final Pattern TYPE = Pattern.compile("\\b(class|interface|record)\\s+\\w+");

    private PublicPaths() {}

    /** The repository root (the parent of {@code deploy/}). */
    static Path repositoryRoot() {
        return ManifestFiles.k8sRoot().getParent().getParent();
    }

    /** Public prefix → the Service that serves it, for every public service. */
    public static Map<String, String> expectedRoutes() {
        Map<String, String> routes = new LinkedHashMap<>();
        for (String service : PUBLIC_SERVICES) {
            for (String prefix : prefixes(repositoryRoot().resolve(service))) {
                if (!INTERNAL.contains(prefix)) {
                    routes.put(prefix, service);
                }
            }
        }
        return routes;
    }

    /** Every prefix one service serves: JAX-RS paths and static resource folders. */
    static Set<String> prefixes(Path module) {
        Set<String> prefixes = new TreeSet<>();
        for (String path : jaxRsPaths(module.resolve("src/main/java"))) {
            if (!path.equals("/")) { // a class at "/" serves only its methods' paths
                prefixes.add(prefix(path));
            }
        }
        Path statics = module.resolve("src/main/resources/META-INF/resources");
        if (Files.isDirectory(statics)) {
            try (Stream<Path> dirs = Files.list(statics)) {
                dirs.filter(Files::isDirectory).forEach(d -> prefixes.add("/" + d.getFileName()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (prefixes.isEmpty()) {
            throw new IllegalStateException("no @Path found under " + module + ": wrong source layout?");
        }
        return prefixes;
    }

    /** Full paths: each method {@code @Path} joined with its class {@code @Path} (the one before the type). */
    static Set<String> jaxRsPaths(Path sources) {
        Set<String> paths = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String src = Files.readString(file);
                Matcher type = TYPE.matcher(src);
                int typeAt = type.find() ? type.start() : 0;
                String classPath = "";
                Matcher m = PATH.matcher(src);
                while (m.find()) {
                    if (m.start() < typeAt) {
                        classPath = m.group(1);
                        paths.add(join(classPath, ""));
                    } else {
                        paths.add(join(classPath, m.group(1)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return paths;
    }

    /**
     * The prefix an Ingress rule routes: the first segment, two for {@code /api/<area>}, the full path for
     * {@code /.well-known/...} documents (routed exactly).
     */
    static String prefix(String path) {
        if (path.startsWith("/.well-known/")) {
            return path;
        }
        String[] segments = path.substring(1).split("/");
        if (segments[0].equals("api") && segments.length > 1) {
            return "/api/" + segments[1];
        }
        return "/" + segments[0];
    }

    private static String join(String classPath, String methodPath) {
        String joined = ("/" + classPath + "/" + methodPath).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
