package io.gatehouse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.events.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules the Kubernetes manifests must follow. Each check returns the problems it found, one sentence each,
 * naming the manifest ({@code file#document Kind/name}) and the missing or wrong property; an empty list means
 * the manifests pass. The negative tests feed deliberately broken manifests to the same methods.
 */
public final class ManifestChecks {

    public static final String READY = "/q/health/ready";
    public static final String LIVE = "/q/health/live";
    public static final String STARTED = "/q/health/started";

    private static final long DAY_MS = 86_400_000L;
    /** cleanup.policy=delete topics and their retention, from the design. */
    static final Map<String, Long> RETENTION_MS = Map.of(
            Topics.SSO_LOGINS, 7 * DAY_MS,
            Topics.DIRECTORY_MEMBERS, 14 * DAY_MS,
            Topics.USERS, 14 * DAY_MS);
    /** Compacted topics (changelogs keyed by aggregate id). */
    static final Set<String> COMPACTED = Set.of(Topics.ACCOUNTS);

    static final long DLQ_RETENTION_MS = 30 * DAY_MS;

    /** Env var names that must never carry a literal value in a manifest. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|TOKEN|SECRET|_KEY|APIKEY).*");

    /** Ingress paths and the Service each must reach: every public prefix the services' sources serve. */
    static final Map<String, String> ROUTES = PublicPaths.expectedRoutes();

    private ManifestChecks() {}

    // ------------------------------------------------------------------ Deployments

    /** Probes, resources, security context, drain, metrics and spread rules of one Deployment. */
    public static List<String> deployment(Manifest d) {
        List<String> p = new ArrayList<>();
        String at = d.describe();
        JsonNode spec = d.spec();
        JsonNode pod = spec.path("template").path("spec");
        JsonNode containers = pod.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            p.add(at + ": spec.template.spec.containers is missing");
            return p;
        }
        JsonNode rolling = spec.path("strategy").path("rollingUpdate");
        if (!"RollingUpdate".equals(spec.path("strategy").path("type").asText("RollingUpdate"))
                || !"0".equals(rolling.path("maxUnavailable").asText())) {
            p.add(at + ": spec.strategy.rollingUpdate.maxUnavailable must be 0 (no capacity lost during a rollout)");
        }
        if (!"1".equals(rolling.path("maxSurge").asText())) {
            p.add(at + ": spec.strategy.rollingUpdate.maxSurge must be 1");
        }
        JsonNode annotations = spec.path("template").path("metadata").path("annotations");
        if (!"true".equals(annotations.path("prometheus.io/scrape").asText())) {
            p.add(at + ": pod annotation prometheus.io/scrape: \"true\" is missing");
        }
        if (!"/q/metrics".equals(annotations.path("prometheus.io/path").asText())) {
            p.add(at + ": pod annotation prometheus.io/path must be /q/metrics");
        }
        if (!annotations.hasNonNull("prometheus.io/port")) {
            p.add(at + ": pod annotation prometheus.io/port is missing");
        }
        if (!pod.path("terminationGracePeriodSeconds").canConvertToInt()
                || pod.path("terminationGracePeriodSeconds").asInt() < 15) {
            p.add(at + ": spec.template.spec.terminationGracePeriodSeconds must be set (>= 15) to drain requests");
        }
        boolean spread = false;
        for (JsonNode c : pod.path("topologySpreadConstraints")) {
            spread |= "kubernetes.io/hostname".equals(c.path("topologyKey").asText());
        }
        if (!spread && pod.path("affinity").path("podAntiAffinity").isMissingNode()) {
            p.add(at + ": spec.template.spec.topologySpreadConstraints over kubernetes.io/hostname"
                    + " (or a podAntiAffinity) is missing: replicas could share one node");
        }
        JsonNode podSc = pod.path("securityContext");
        Set<String> emptyDirs = new HashSet<>();
        for (JsonNode v : pod.path("volumes")) {
            if (v.has("emptyDir")) {
                emptyDirs.add(v.path("name").asText());
            }
        }
        for (JsonNode c : containers) {
            String where = at + " container " + c.path("name").asText();
            probe(p, where, c, "readinessProbe", Set.of(READY));
            probe(p, where, c, "livenessProbe", Set.of(LIVE));
            probe(p, where, c, "startupProbe", Set.of(STARTED, READY));
            for (String bound : List.of("requests", "limits")) {
                for (String res : List.of("cpu", "memory")) {
                    if (c.path("resources").path(bound).path(res).asText("").isBlank()) {
                        p.add(where + ": resources." + bound + "." + res + " is missing");
                    }
                }
            }
            JsonNode sc = c.path("securityContext");
            if (!effective(sc, podSc, "runAsNonRoot").asBoolean(false)) {
                p.add(where + ": securityContext.runAsNonRoot must be true");
            }
            if (effective(sc, podSc, "runAsUser").asInt(-1) != 185) {
                p.add(where + ": securityContext.runAsUser must be 185 (the UBI OpenJDK images' user)");
            }
            if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                p.add(where + ": securityContext.readOnlyRootFilesystem must be true");
            }
            if (!sc.path("allowPrivilegeEscalation").isBoolean()
                    || sc.path("allowPrivilegeEscalation").asBoolean()) {
                p.add(where + ": securityContext.allowPrivilegeEscalation must be false");
            }
            boolean dropAll = false;
            for (JsonNode cap : sc.path("capabilities").path("drop")) {
                dropAll |= "ALL".equals(cap.asText());
            }
            if (!dropAll) {
                p.add(where + ": securityContext.capabilities.drop must contain ALL");
            }
            if (!"RuntimeDefault"
                    .equals(effective(sc, podSc, "seccompProfile").path("type").asText())) {
                p.add(where + ": securityContext.seccompProfile.type must be RuntimeDefault");
            }
            boolean tmp = false;
            for (JsonNode m : c.path("volumeMounts")) {
                tmp |= "/tmp".equals(m.path("mountPath").asText())
                        && emptyDirs.contains(m.path("name").asText());
            }
            if (!tmp) {
                p.add(where + ": an emptyDir volume mounted at /tmp is missing (the root filesystem is read-only)");
            }
            if (c.path("lifecycle").path("preStop").isMissingNode()) {
                p.add(where + ": lifecycle.preStop (a short sleep so endpoints drop the pod first) is missing");
            }
            env(p, where, c);
        }
        return p;
    }

    private static JsonNode effective(JsonNode containerSc, JsonNode podSc, String field) {
        return containerSc.has(field) ? containerSc.get(field) : podSc.path(field);
    }

    private static void probe(List<String> p, String where, JsonNode c, String probe, Set<String> paths) {
        JsonNode get = c.path(probe).path("httpGet");
        if (get.isMissingNode()) {
            p.add(where + ": " + probe + " (httpGet on " + String.join(" or ", paths) + ") is missing");
            return;
        }
        if (!paths.contains(get.path("path").asText())) {
            p.add(where + ": " + probe + ".httpGet.path is '" + get.path("path").asText() + "', expected "
                    + String.join(" or ", paths));
        }
        if (!containerPort(c, get.path("port"))) {
            p.add(where + ": " + probe + ".httpGet.port '" + get.path("port").asText()
                    + "' is not a port of the container");
        }
        if ("startupProbe".equals(probe)
                && c.path(probe).path("failureThreshold").asInt(3)
                                * c.path(probe).path("periodSeconds").asInt(10)
                        < 60) {
            p.add(where + ": startupProbe allows less than 60 s (failureThreshold x periodSeconds) for migrations");
        }
    }

    private static boolean containerPort(JsonNode c, JsonNode port) {
        for (JsonNode cp : c.path("ports")) {
            if (port.isInt()
                    ? cp.path("containerPort").asInt() == port.asInt()
                    : port.asText().equals(cp.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    private static void env(List<String> p, String where, JsonNode c) {
        Map<String, JsonNode> env = new HashMap<>();
        for (JsonNode e : c.path("env")) {
            env.put(e.path("name").asText(), e);
            if (SECRET_NAME.matcher(e.path("name").asText()).matches()) {
                if (e.has("value")) {
                    p.add(where + ": env " + e.path("name").asText()
                            + " has a literal value; secrets come from valueFrom.secretKeyRef");
                } else if (e.path("valueFrom").path("secretKeyRef").isMissingNode()) {
                    p.add(where + ": env " + e.path("name").asText() + " must come from valueFrom.secretKeyRef");
                }
            }
        }
        if (!"prod"
                .equals(env.getOrDefault("QUARKUS_PROFILE", missing())
                        .path("value")
                        .asText())) {
            p.add(where + ": env QUARKUS_PROFILE=prod is missing");
        }
        // JAVA_TOOL_OPTIONS: read by the JVM itself, whatever the image's entrypoint (JAVA_OPTS_APPEND is only read by
        // the UBI images' run-java.sh; Jib's entrypoint on other bases ignores it)
        if (!env.getOrDefault("JAVA_TOOL_OPTIONS", missing())
                .path("value")
                .asText()
                .contains("-XX:MaxRAMPercentage=")) {
            p.add(where + ": env JAVA_TOOL_OPTIONS with -XX:MaxRAMPercentage is missing (heap must follow the limit)");
        }
        if (env.containsKey("JAVA_OPTS_APPEND")) {
            p.add(where
                    + ": env JAVA_OPTS_APPEND is ignored by the JVM and by Jib's entrypoint; use JAVA_TOOL_OPTIONS");
        }
        boolean configMap = false;
        for (JsonNode from : c.path("envFrom")) {
            configMap |= from.has("configMapRef");
        }
        if (!configMap) {
            p.add(where + ": envFrom configMapRef (the service's ConfigMap) is missing");
        }
    }

    private static JsonNode missing() {
        return ManifestFiles.YAML.missingNode();
    }

    /** ConfigMaps referenced by Deployments exist, and none carries a secret-looking key. */
    public static List<String> configMaps(List<Manifest> all) {
        List<String> p = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Manifest cm : of(all, "ConfigMap")) {
            names.add(cm.name());
            cm.node().path("data").fieldNames().forEachRemaining(key -> {
                if (SECRET_NAME.matcher(key).matches()) {
                    p.add(cm.describe() + ": data." + key + " looks like a secret; use a Secret and secretKeyRef");
                }
            });
        }
        for (Manifest d : of(all, "Deployment")) {
            for (JsonNode c : d.spec().path("template").path("spec").path("containers")) {
                for (JsonNode from : c.path("envFrom")) {
                    String ref = from.path("configMapRef").path("name").asText(null);
                    if (ref != null && !names.contains(ref)) {
                        p.add(d.describe() + ": envFrom configMapRef '" + ref + "' names no ConfigMap");
                    }
                }
            }
        }
        return p;
    }

    // ------------------------------------------------------------------ Services, PDBs, HPA

    /** Each Deployment has a Service and a PodDisruptionBudget whose selectors match its pod labels. */
    public static List<String> servicesAndBudgets(List<Manifest> all) {
        List<String> p = new ArrayList<>();
        for (Manifest d : of(all, "Deployment")) {
            Map<String, String> labels =
                    labels(d.spec().path("template").path("metadata").path("labels"));
            if (!subset(labels(d.spec().path("selector").path("matchLabels")), labels)) {
                p.add(d.describe() + ": spec.selector.matchLabels do not match the pod template labels");
            }
            Optional<Manifest> svc = of(all, "Service").stream()
                    .filter(s -> !s.spec().path("selector").isEmpty())
                    .filter(s -> subset(labels(s.spec().path("selector")), labels))
                    .findFirst();
            if (svc.isEmpty()) {
                p.add(d.describe() + ": no Service selects its pods (labels " + labels + ")");
            } else {
                JsonNode container = d.spec()
                        .path("template")
                        .path("spec")
                        .path("containers")
                        .path(0);
                for (JsonNode port : svc.get().spec().path("ports")) {
                    if (!containerPort(container, port.path("targetPort"))) {
                        p.add(svc.get().describe() + ": targetPort '"
                                + port.path("targetPort").asText() + "' is not a port of " + d.describe());
                    }
                }
            }
            Optional<Manifest> pdb = of(all, "PodDisruptionBudget").stream()
                    .filter(b -> !b.spec().path("selector").path("matchLabels").isEmpty())
                    .filter(b -> subset(labels(b.spec().path("selector").path("matchLabels")), labels))
                    .findFirst();
            if (pdb.isEmpty()) {
                p.add(d.describe() + ": no PodDisruptionBudget selects its pods (labels " + labels + ")");
            } else if (!pdb.get().spec().has("minAvailable")
                    && !pdb.get().spec().has("maxUnavailable")) {
                p.add(pdb.get().describe() + ": spec.minAvailable or spec.maxUnavailable is missing");
            }
        }
        return p;
    }

    /** An autoscaling/v2 HPA scales the named Deployment on CPU with at least {@code minReplicas}. */
    public static List<String> autoscaler(List<Manifest> all, String deployment, int minReplicas) {
        List<String> p = new ArrayList<>();
        Optional<Manifest> hpa = of(all, "HorizontalPodAutoscaler").stream()
                .filter(h -> "Deployment"
                                .equals(h.spec()
                                        .path("scaleTargetRef")
                                        .path("kind")
                                        .asText())
                        && deployment.equals(
                                h.spec().path("scaleTargetRef").path("name").asText()))
                .findFirst();
        if (hpa.isEmpty()) {
            p.add("no HorizontalPodAutoscaler targets Deployment/" + deployment);
            return p;
        }
        Manifest h = hpa.get();
        if (!"autoscaling/v2".equals(h.apiVersion())) {
            p.add(h.describe() + ": apiVersion must be autoscaling/v2, is " + h.apiVersion());
        }
        if (of(all, "Deployment").stream().noneMatch(d -> d.name().equals(deployment))) {
            p.add(h.describe() + ": target Deployment/" + deployment + " does not exist");
        }
        int min = h.spec().path("minReplicas").asInt(1);
        if (min < minReplicas) {
            p.add(h.describe() + ": spec.minReplicas is " + min + ", expected at least " + minReplicas);
        }
        if (h.spec().path("maxReplicas").asInt(0) < Math.max(min, 2)) {
            p.add(h.describe() + ": spec.maxReplicas must be above minReplicas");
        }
        boolean cpu = false;
        for (JsonNode m : h.spec().path("metrics")) {
            cpu |= "Resource".equals(m.path("type").asText())
                    && "cpu".equals(m.path("resource").path("name").asText());
        }
        if (!cpu) {
            p.add(h.describe() + ": spec.metrics has no Resource metric on cpu");
        }
        return p;
    }

    /** Each Deployment runs at least {@code min} replicas (its own, or its HPA's minReplicas). */
    public static List<String> replicas(List<Manifest> all, int min, int max) {
        List<String> p = new ArrayList<>();
        for (Manifest d : of(all, "Deployment")) {
            int replicas = d.spec().has("replicas")
                    ? d.spec().get("replicas").asInt()
                    : of(all, "HorizontalPodAutoscaler").stream()
                            .filter(h -> d.name()
                                    .equals(h.spec()
                                            .path("scaleTargetRef")
                                            .path("name")
                                            .asText()))
                            .map(h -> h.spec().path("minReplicas").asInt(1))
                            .findFirst()
                            .orElse(1);
            if (replicas < min || replicas > max) {
                p.add(d.describe() + ": runs " + replicas + " replica(s), expected " + min
                        + (max == Integer.MAX_VALUE ? " or more" : " to " + max));
            }
        }
        return p;
    }

    /** Every container image names a pinned tag (not "latest") or a digest. */
    public static List<String> pinnedImages(List<Manifest> all) {
        List<String> p = new ArrayList<>();
        for (Manifest d : of(all, "Deployment")) {
            for (JsonNode c : d.spec().path("template").path("spec").path("containers")) {
                String image = c.path("image").asText();
                String name = imageName(image);
                String rest = image.substring(name.length());
                if (!rest.startsWith("@sha256:") && (rest.isEmpty() || ":latest".equals(rest))) {
                    p.add(d.describe() + ": image '" + image + "' is not pinned to a release tag or digest");
                }
            }
        }
        return p;
    }

    /** The image reference without its tag or digest. */
    static String imageName(String ref) {
        int at = ref.indexOf('@');
        String noDigest = at < 0 ? ref : ref.substring(0, at);
        int colon = noDigest.lastIndexOf(':');
        return colon > noDigest.lastIndexOf('/') ? noDigest.substring(0, colon) : noDigest;
    }

    // ------------------------------------------------------------------ network

    /** A NetworkPolicy selecting every pod with policyTypes Ingress and no ingress rule. */
    public static List<String> defaultDenyIngress(List<Manifest> all) {
        boolean found = of(all, "NetworkPolicy").stream()
                .anyMatch(np -> NetworkPolicies.Selectors.isEmpty(np.spec().path("podSelector"))
                        && np.spec().path("policyTypes").toString().contains("\"Ingress\"")
                        && np.spec().path("ingress").isEmpty());
        return found
                ? List.of()
                : List.of("no default-deny ingress NetworkPolicy (podSelector: {}, policyTypes:"
                        + " [Ingress], no ingress rules) in the namespace");
    }

    /** The Ingress routes the public paths to the right Services, over TLS. */
    public static List<String> ingress(List<Manifest> all) {
        List<String> p = new ArrayList<>();
        List<Manifest> ingresses = of(all, "Ingress");
        if (ingresses.isEmpty()) {
            return List.of("no Ingress");
        }
        Map<String, String> routed = new HashMap<>();
        Map<String, Integer> servicePorts = new HashMap<>();
        for (Manifest s : of(all, "Service")) {
            for (JsonNode port : s.spec().path("ports")) {
                servicePorts.put(s.name() + ":" + port.path("port").asInt(), 1);
            }
        }
        for (Manifest ing : ingresses) {
            if (!"networking.k8s.io/v1".equals(ing.apiVersion())) {
                p.add(ing.describe() + ": apiVersion must be networking.k8s.io/v1");
            }
            Set<String> tlsHosts = new HashSet<>();
            for (JsonNode tls : ing.spec().path("tls")) {
                if (tls.path("secretName").asText("").isBlank()) {
                    p.add(ing.describe() + ": spec.tls entry without secretName");
                }
                tls.path("hosts").forEach(h -> tlsHosts.add(h.asText()));
            }
            for (JsonNode rule : ing.spec().path("rules")) {
                if (!tlsHosts.contains(rule.path("host").asText())) {
                    p.add(ing.describe() + ": host '" + rule.path("host").asText() + "' is not covered by spec.tls");
                }
                for (JsonNode path : rule.path("http").path("paths")) {
                    JsonNode svc = path.path("backend").path("service");
                    String target = svc.path("name").asText();
                    routed.put(path.path("path").asText(), target);
                    if (!servicePorts.containsKey(
                            target + ":" + svc.path("port").path("number").asInt())) {
                        p.add(ing.describe() + ": path " + path.path("path").asText() + " goes to " + target + ":"
                                + svc.path("port").path("number").asText() + ", which no Service exposes");
                    }
                }
            }
        }
        ROUTES.forEach((path, service) -> {
            if (!service.equals(routed.get(path))) {
                p.add("Ingress: path " + path + " must route to " + service + ", routes to " + routed.get(path));
            }
        });
        return p;
    }

    /**
     * The Gateway API entry: a Gateway with an HTTPS listener terminating TLS, and an HTTPRoute attached to it that
     * sends every public path ({@link #ROUTES}) to its Service on a port the Service exposes, on the listener's host.
     */
    public static List<String> httpRoutes(List<Manifest> all) {
        List<String> p = new ArrayList<>();
        Map<String, String> listenerHosts = new HashMap<>();
        for (Manifest gw : of(all, "Gateway")) {
            for (JsonNode l : gw.spec().path("listeners")) {
                if ("HTTPS".equals(l.path("protocol").asText())
                        && !l.path("tls").path("certificateRefs").isEmpty()) {
                    listenerHosts.put(
                            gw.name() + "/" + l.path("name").asText(),
                            l.path("hostname").asText());
                }
            }
        }
        if (listenerHosts.isEmpty()) {
            p.add("no Gateway with an HTTPS listener and tls.certificateRefs");
        }
        Set<String> servicePorts = new HashSet<>();
        for (Manifest s : of(all, "Service")) {
            s.spec()
                    .path("ports")
                    .forEach(port ->
                            servicePorts.add(s.name() + ":" + port.path("port").asInt()));
        }
        Map<String, String> routed = new HashMap<>();
        for (Manifest route : of(all, "HTTPRoute")) {
            for (JsonNode parent : route.spec().path("parentRefs")) {
                String listener = parent.path("name").asText() + "/"
                        + parent.path("sectionName").asText();
                String host = listenerHosts.get(listener);
                if (host == null) {
                    p.add(route.describe() + ": parentRef " + listener + " is not an HTTPS listener of a Gateway");
                    continue;
                }
                route.spec().path("hostnames").forEach(h -> {
                    if (!h.asText().equals(host)) {
                        p.add(route.describe() + ": hostname " + h.asText() + " is not the listener's host " + host);
                    }
                });
            }
            for (JsonNode rule : route.spec().path("rules")) {
                JsonNode backend = rule.path("backendRefs").path(0);
                String target = backend.path("name").asText();
                if (!servicePorts.contains(target + ":" + backend.path("port").asInt())) {
                    p.add(route.describe() + ": backendRef " + target + ":"
                            + backend.path("port").asText() + " is a port no Service exposes");
                }
                for (JsonNode match : rule.path("matches")) {
                    routed.put(match.path("path").path("value").asText(), target);
                }
            }
        }
        ROUTES.forEach((path, service) -> {
            if (!service.equals(routed.get(path))) {
                p.add("HTTPRoute: path " + path + " must route to " + service + ", routes to " + routed.get(path));
            }
        });
        return p;
    }

    /**
     * Flyway runs as a separate step: each Deployment has an init container "migrate" with the serving container's
     * image in migrate-only mode (QUARKUS_INIT_AND_EXIT, QUARKUS_FLYWAY_MIGRATE_AT_START=true) logging in as the
     * database owner from Secret {@code gatehouse-db-<db>}, hardened like the serving container; the serving container
     * never migrates and logs in as the runtime role from {@code gatehouse-db-<db>-app}. In the CNPG Cluster, the
     * runtime roles exist without superuser, createdb or createrole and own no database.
     */
    public static List<String> migrations(List<Manifest> all, Map<String, String> databases) {
        List<String> p = new ArrayList<>();
        for (Manifest d : of(all, "Deployment")) {
            String db = databases.get(d.name());
            JsonNode pod = d.spec().path("template").path("spec");
            JsonNode app = pod.path("containers").path(0);
            JsonNode migrate = null;
            for (JsonNode c : pod.path("initContainers")) {
                if ("migrate".equals(c.path("name").asText())) {
                    migrate = c;
                }
            }
            if (migrate == null) {
                p.add(d.describe() + ": no init container 'migrate' (Flyway must run as a separate step)");
                continue;
            }
            String at = d.describe() + " init container migrate";
            if (!app.path("image").asText().equals(migrate.path("image").asText())) {
                p.add(at + ": image " + migrate.path("image").asText() + " differs from the serving container's "
                        + app.path("image").asText());
            }
            Map<String, String> m = envOf(migrate);
            Map<String, String> a = envOf(app);
            expectValue(p, at, m, "QUARKUS_INIT_AND_EXIT", "true");
            expectValue(p, at, m, "QUARKUS_FLYWAY_MIGRATE_AT_START", "true");
            expectValue(p, at, m, "QUARKUS_PROFILE", "prod");
            expectValue(p, at, m, "QUARKUS_DATASOURCE_USERNAME", "secret:gatehouse-db-" + db + "/username");
            expectValue(p, at, m, "QUARKUS_DATASOURCE_PASSWORD", "secret:gatehouse-db-" + db + "/password");
            if (!m.getOrDefault("QUARKUS_FLYWAY_INIT_SQL", "").contains("TO gatehouse_" + db + "_app")) {
                p.add(at + ": QUARKUS_FLYWAY_INIT_SQL must grant the runtime role gatehouse_" + db
                        + "_app its row privileges");
            }
            String initSql = m.getOrDefault("QUARKUS_FLYWAY_INIT_SQL", "");
            if (!initSql.startsWith("SELECT pg_advisory_lock(") || !initSql.contains("pg_advisory_unlock(")) {
                // Flyway runs the init SQL on connecting, before its own lock: replicas granting at once fail with
                // "tuple concurrently updated" (ManifestsRunTest)
                p.add(at + ": QUARKUS_FLYWAY_INIT_SQL must run under pg_advisory_lock (replicas migrate at once)");
            }
            if (initSql.contains(" ON ALL ")
                    || !initSql.contains("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE,"
                            + " DELETE ON TABLES TO gatehouse_" + db + "_app")
                    || !initSql.contains("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON"
                            + " SEQUENCES TO gatehouse_" + db + "_app")) {
                // the init SQL runs while another replica's migration changes the schema: a GRANT on existing
                // tables fails against that DDL with "tuple concurrently updated" (MigrateInitSqlRaceTest)
                p.add(at + ": QUARKUS_FLYWAY_INIT_SQL must grant through default privileges on tables and sequences,"
                        + " never ON ALL TABLES/SEQUENCES (another replica's migration runs at the same time)");
            }
            String sat = d.describe() + " container " + app.path("name").asText();
            expectValue(p, sat, a, "QUARKUS_FLYWAY_MIGRATE_AT_START", "false");
            expectValue(p, sat, a, "QUARKUS_DATASOURCE_USERNAME", "secret:gatehouse-db-" + db + "-app/username");
            expectValue(p, sat, a, "QUARKUS_DATASOURCE_PASSWORD", "secret:gatehouse-db-" + db + "-app/password");
            JsonNode sc = migrate.path("securityContext");
            if (!sc.path("readOnlyRootFilesystem").asBoolean(false)
                    || sc.path("allowPrivilegeEscalation").asBoolean(true)
                    || !sc.path("capabilities").path("drop").toString().contains("ALL")) {
                p.add(
                        at
                                + ": securityContext must match the serving container's (read-only root, no escalation, drop ALL)");
            }
            if (migrate.path("resources")
                    .path("limits")
                    .path("memory")
                    .asText("")
                    .isBlank()) {
                p.add(at + ": resources.limits.memory is missing");
            }
        }
        for (Manifest c : of(all, "Cluster")) {
            Set<String> roles = new HashSet<>();
            for (JsonNode r : c.spec().path("managed").path("roles")) {
                roles.add(r.path("name").asText());
                if (r.path("name").asText().endsWith("_app")
                        && (r.path("superuser").asBoolean(false)
                                || r.path("createdb").asBoolean(false)
                                || r.path("createrole").asBoolean(false))) {
                    p.add(c.describe() + ": runtime role " + r.path("name").asText()
                            + " must not have superuser, createdb or createrole");
                }
            }
            for (String db : databases.values()) {
                if (!roles.contains("gatehouse_" + db + "_app")) {
                    p.add(c.describe() + ": managed role gatehouse_" + db + "_app (the runtime role) is missing");
                }
            }
            String owner =
                    c.spec().path("bootstrap").path("initdb").path("owner").asText();
            for (Manifest db : of(all, "Database")) {
                if (db.spec().path("owner").asText().endsWith("_app")) {
                    p.add(db.describe() + ": the runtime role must not own the database");
                }
            }
            if (owner.endsWith("_app")) {
                p.add(c.describe() + ": the runtime role must not own the database");
            }
        }
        return p;
    }

    /** Env of a container: literal values, or "secret:name/key" for a secretKeyRef. */
    private static Map<String, String> envOf(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : container.path("env")) {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            env.put(
                    e.path("name").asText(),
                    ref.isMissingNode()
                            ? e.path("value").asText()
                            : "secret:" + ref.path("name").asText() + "/"
                                    + ref.path("key").asText());
        }
        return env;
    }

    private static void expectValue(List<String> p, String at, Map<String, String> env, String name, String expected) {
        if (!expected.equals(env.get(name))) {
            p.add(at + ": env " + name + " must be " + expected + ", is " + env.get(name));
        }
    }

    // ------------------------------------------------------------------ Kafka

    /** The topic names of the event contract (public String constants of {@link Topics}). */
    public static List<String> contractTopics() {
        List<String> topics = new ArrayList<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && f.getType() == String.class
                    && !"DEAD_LETTER_SUFFIX".equals(f.getName())) {
                try {
                    topics.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return topics;
    }

    /**
     * Kafka is reached only over TLS with SCRAM-SHA-512 and the simple authorizer; each service has a KafkaUser with
     * exactly the {@code expected} ACLs (literal names, no wildcard) and its Deployment logs in with that user's
     * Secret and trusts the cluster CA, with the client settings in its ConfigMap.
     */
    public static List<String> kafkaSecurity(List<Manifest> all, Map<String, Set<String>> expected) {
        List<String> p = new ArrayList<>();
        List<Manifest> clusters = of(all, "Kafka");
        if (clusters.isEmpty()) {
            return List.of("no Kafka resource");
        }
        Manifest kafka = clusters.get(0);
        Set<Integer> securePorts = new HashSet<>();
        for (JsonNode l : kafka.spec().path("kafka").path("listeners")) {
            String auth = l.path("authentication").path("type").asText("");
            if (!l.path("tls").asBoolean(false) || !"scram-sha-512".equals(auth)) {
                p.add(kafka.describe() + ": listener " + l.path("name").asText() + " must have tls: true and"
                        + " authentication type scram-sha-512, has tls "
                        + l.path("tls").asText() + " and '" + auth + "'");
            } else {
                securePorts.add(l.path("port").asInt());
            }
        }
        if (!"simple"
                .equals(kafka.spec()
                        .path("kafka")
                        .path("authorization")
                        .path("type")
                        .asText())) {
            p.add(kafka.describe() + ": spec.kafka.authorization.type must be simple (ACLs enforced)");
        }
        if (!kafka.spec().path("entityOperator").has("userOperator")) {
            p.add(kafka.describe()
                    + ": spec.entityOperator.userOperator is missing (nobody creates the KafkaUsers' Secrets)");
        }
        Map<String, String> config = new HashMap<>();
        for (Manifest cm : of(all, "ConfigMap")) {
            cm.node()
                    .path("data")
                    .fields()
                    .forEachRemaining(e -> config.put(
                            cm.name() + "/" + e.getKey(), e.getValue().asText()));
        }
        for (Map.Entry<String, Set<String>> service : expected.entrySet()) {
            String name = service.getKey();
            Manifest user = of(all, "KafkaUser").stream()
                    .filter(u -> u.name().equals(name))
                    .findFirst()
                    .orElse(null);
            if (user == null) {
                p.add("no KafkaUser " + name);
                continue;
            }
            if (!"scram-sha-512"
                    .equals(user.spec().path("authentication").path("type").asText())) {
                p.add(user.describe() + ": spec.authentication.type must be scram-sha-512");
            }
            if (!kafka.name()
                    .equals(user.node()
                            .path("metadata")
                            .path("labels")
                            .path("strimzi.io/cluster")
                            .asText())) {
                p.add(user.describe() + ": label strimzi.io/cluster must name " + kafka.name());
            }
            Set<String> acls = new java.util.TreeSet<>();
            for (JsonNode acl : user.spec().path("authorization").path("acls")) {
                JsonNode r = acl.path("resource");
                if (!"literal".equals(r.path("patternType").asText("literal"))
                        || r.path("name").asText().contains("*")) {
                    p.add(user.describe() + ": ACL on " + r.path("name").asText() + " must be a literal name");
                }
                acl.path("operations")
                        .forEach(op -> acls.add(
                                r.path("type").asText() + ":" + r.path("name").asText() + ":" + op.asText()));
            }
            Set<String> missing = new java.util.TreeSet<>(service.getValue());
            missing.removeAll(acls);
            Set<String> extra = new java.util.TreeSet<>(acls);
            extra.removeAll(service.getValue());
            if (!missing.isEmpty()) {
                p.add(user.describe() + ": ACLs missing " + missing);
            }
            if (!extra.isEmpty()) {
                p.add(user.describe() + ": ACLs beyond what " + name + " uses " + extra);
            }
            Manifest deployment = of(all, "Deployment").stream()
                    .filter(d -> d.name().equals(name))
                    .findFirst()
                    .orElse(null);
            if (deployment == null) {
                continue;
            }
            Map<String, String> fromSecret = new HashMap<>();
            for (JsonNode e : deployment
                    .spec()
                    .path("template")
                    .path("spec")
                    .path("containers")
                    .path(0)
                    .path("env")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    fromSecret.put(
                            e.path("name").asText(),
                            ref.path("name").asText() + "/" + ref.path("key").asText());
                }
            }
            expectEnv(p, deployment, fromSecret, "KAFKA_SASL_JAAS_CONFIG", name + "/sasl.jaas.config");
            expectEnv(
                    p,
                    deployment,
                    fromSecret,
                    "KAFKA_SSL_TRUSTSTORE_CERTIFICATES",
                    kafka.name() + "-cluster-ca-cert/ca.crt");
            String cm = name + "-config/";
            for (Map.Entry<String, String> e : Map.of(
                            "KAFKA_SECURITY_PROTOCOL",
                            "SASL_SSL",
                            "KAFKA_SASL_MECHANISM",
                            "SCRAM-SHA-512",
                            "KAFKA_SSL_TRUSTSTORE_TYPE",
                            "PEM")
                    .entrySet()) {
                if (!e.getValue().equals(config.get(cm + e.getKey()))) {
                    p.add("ConfigMap/" + name + "-config: " + e.getKey() + " must be " + e.getValue() + ", is "
                            + config.get(cm + e.getKey()));
                }
            }
            String bootstrap = config.getOrDefault(cm + "KAFKA_BOOTSTRAP_SERVERS", "");
            String port = bootstrap.substring(bootstrap.lastIndexOf(':') + 1);
            if (!bootstrap.startsWith(kafka.name() + "-kafka-bootstrap:")
                    || !securePorts.contains(Integer.parseInt(port.isEmpty() ? "0" : port))) {
                p.add("ConfigMap/" + name + "-config: KAFKA_BOOTSTRAP_SERVERS '" + bootstrap
                        + "' is not the TLS + SCRAM listener " + kafka.name() + "-kafka-bootstrap:" + securePorts);
            }
        }
        return p;
    }

    private static void expectEnv(
            List<String> p, Manifest d, Map<String, String> fromSecret, String env, String secretKey) {
        if (!secretKey.equals(fromSecret.get(env))) {
            p.add(d.describe() + ": env " + env + " must come from Secret " + secretKey.replace("/", " key ")
                    + ", comes from " + fromSecret.get(env));
        }
    }

    /** Every contract topic and its dead-letter topic has a KafkaTopic with partitions, replicas and retention. */
    public static List<String> kafkaTopics(List<Manifest> all, List<String> topics) {
        List<String> p = new ArrayList<>();
        Map<String, Manifest> byTopic = new HashMap<>();
        for (Manifest t : of(all, "KafkaTopic")) {
            byTopic.put(t.spec().path("topicName").asText(t.name()), t);
        }
        Set<String> clusters = new HashSet<>();
        of(all, "Kafka").forEach(k -> clusters.add(k.name()));
        for (String topic : topics) {
            for (String name : List.of(topic, Topics.deadLetter(topic))) {
                Manifest t = byTopic.get(name);
                if (t == null) {
                    p.add("no KafkaTopic for topic " + name);
                    continue;
                }
                JsonNode spec = t.spec();
                JsonNode config = spec.path("config");
                if (spec.path("partitions").asInt(0) < 1) {
                    p.add(t.describe() + ": spec.partitions is missing");
                }
                if (spec.path("replicas").asInt(0) < 1) {
                    p.add(t.describe() + ": spec.replicas is missing");
                }
                if (config.path("min.insync.replicas").asInt(0) < 1
                        || config.path("min.insync.replicas").asInt()
                                > spec.path("replicas").asInt(0)) {
                    p.add(t.describe() + ": config.min.insync.replicas must be between 1 and spec.replicas");
                }
                if (!clusters.contains(t.node()
                        .path("metadata")
                        .path("labels")
                        .path("strimzi.io/cluster")
                        .asText())) {
                    p.add(t.describe() + ": label strimzi.io/cluster does not name a Kafka resource " + clusters);
                }
                String policy = config.path("cleanup.policy").asText("");
                boolean dlq = name.endsWith(Topics.DEAD_LETTER_SUFFIX);
                if (!dlq && COMPACTED.contains(name)) {
                    if (!"compact".equals(policy)) {
                        p.add(t.describe() + ": config.cleanup.policy must be compact, is '" + policy + "'");
                    }
                    continue;
                }
                if (!"delete".equals(policy)) {
                    p.add(t.describe() + ": config.cleanup.policy must be delete, is '" + policy + "'");
                }
                Long expected = dlq ? Long.valueOf(DLQ_RETENTION_MS) : RETENTION_MS.get(name);
                String retention = config.path("retention.ms").asText("");
                if (retention.isBlank()) {
                    p.add(t.describe() + ": config.retention.ms is missing");
                } else if (expected != null && Long.parseLong(retention) != expected) {
                    p.add(t.describe() + ": config.retention.ms is " + retention + ", expected " + expected + " ("
                            + expected / DAY_MS + " days)");
                }
            }
        }
        if (of(all, "KafkaNodePool").isEmpty()) {
            p.add("no KafkaNodePool (Strimzi KRaft mode needs one)");
        }
        return p;
    }

    /** {@link #kafkaTopics} for the topics of the event contract. */
    public static List<String> topicsOfContract(List<Manifest> all) {
        return kafkaTopics(all, contractTopics());
    }

    /** Production replication: replicas >= 3 and min.insync.replicas >= 2 on every topic. */
    public static List<String> durableTopics(List<Manifest> all) {
        List<String> p = new ArrayList<>();
        for (Manifest t : of(all, "KafkaTopic")) {
            if (t.spec().path("replicas").asInt(0) < 3
                    || t.spec().path("config").path("min.insync.replicas").asInt(0) < 2) {
                p.add(t.describe() + ": needs spec.replicas >= 3 and config.min.insync.replicas >= 2 in production");
            }
        }
        return p;
    }

    // ------------------------------------------------------------------ PostgreSQL and Secrets

    /** A CloudNativePG Cluster with at least {@code minInstances} creates the three databases, each with its owner. */
    public static List<String> postgres(List<Manifest> all, int minInstances) {
        List<String> p = new ArrayList<>();
        List<Manifest> clusters = of(all, "Cluster").stream()
                .filter(c -> c.apiVersion().startsWith("postgresql.cnpg.io/"))
                .toList();
        if (clusters.isEmpty()) {
            return List.of("no CloudNativePG Cluster (postgresql.cnpg.io/v1)");
        }
        Manifest cluster = clusters.get(0);
        if (cluster.spec().path("instances").asInt(0) < minInstances) {
            p.add(cluster.describe() + ": spec.instances is "
                    + cluster.spec().path("instances").asInt(0) + ", expected at least " + minInstances);
        }
        Map<String, String> owners = new HashMap<>();
        JsonNode initdb = cluster.spec().path("bootstrap").path("initdb");
        if (initdb.has("database")) {
            owners.put(initdb.get("database").asText(), initdb.path("owner").asText());
        }
        for (Manifest db : of(all, "Database")) {
            if (cluster.name().equals(db.spec().path("cluster").path("name").asText())) {
                owners.put(
                        db.spec().path("name").asText(), db.spec().path("owner").asText());
            }
        }
        for (String db : List.of("sso", "users", "directory")) {
            if (!owners.containsKey(db)) {
                p.add(cluster.describe() + ": database '" + db + "' is created neither by bootstrap.initdb nor by a"
                        + " Database resource");
            }
        }
        if (new HashSet<>(owners.values()).size() != owners.size()) {
            p.add(cluster.describe() + ": each database needs its own owner, found " + owners);
        }
        return p;
    }

    /**
     * Each Deployment sets every environment variable its service requires in prod ({@link RequiredSecrets}) from a
     * Secret ({@code secretKeyRef}), never as a literal or from a ConfigMap.
     */
    public static List<String> requiredSecrets(List<Manifest> all, Map<String, Set<String>> required) {
        List<String> p = new ArrayList<>();
        for (Manifest d : of(all, "Deployment")) {
            for (JsonNode c : allContainers(d)) {
                Set<String> fromSecrets = new HashSet<>();
                for (JsonNode e : c.path("env")) {
                    if (e.path("valueFrom").has("secretKeyRef")) {
                        fromSecrets.add(e.path("name").asText());
                    }
                }
                for (String name : required.getOrDefault(d.name(), Set.of())) {
                    if (!fromSecrets.contains(name)) {
                        p.add(
                                d.describe() + " container " + c.path("name").asText() + ": env " + name
                                        + " is required in"
                                        + " prod (the service refuses to start without it) but is not set from a Secret (valueFrom.secretKeyRef)");
                    }
                }
            }
        }
        return p;
    }

    /** Secrets referenced by Deployments (secretKeyRef) and by the CNPG Cluster exist with the referenced keys. */
    public static List<String> secretReferences(List<Manifest> all) {
        List<String> p = new ArrayList<>();
        Map<String, Set<String>> secrets = new HashMap<>();
        for (Manifest s : of(all, "Secret")) {
            Set<String> keys = new HashSet<>();
            s.node().path("data").fieldNames().forEachRemaining(keys::add);
            s.node().path("stringData").fieldNames().forEachRemaining(keys::add);
            secrets.put(s.name(), keys);
        }
        // Secrets the operators create: Strimzi's cluster CA certificate and one per KafkaUser
        for (Manifest k : of(all, "Kafka")) {
            secrets.put(k.name() + "-cluster-ca-cert", Set.of("ca.crt", "ca.p12", "ca.password"));
        }
        for (Manifest u : of(all, "KafkaUser")) {
            secrets.put(u.name(), Set.of("password", "sasl.jaas.config"));
        }
        for (Manifest d : of(all, "Deployment")) {
            for (JsonNode c : allContainers(d)) {
                for (JsonNode e : c.path("env")) {
                    JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                    if (!ref.isMissingNode()
                            && !secrets.getOrDefault(ref.path("name").asText(), Set.of())
                                    .contains(ref.path("key").asText())) {
                        p.add(d.describe() + ": env " + e.path("name").asText() + " refers to Secret "
                                + ref.path("name").asText() + " key "
                                + ref.path("key").asText() + ", which is not there");
                    }
                }
            }
        }
        for (Manifest c : of(all, "Cluster")) {
            List<String> names = new ArrayList<>();
            names.add(c.spec()
                    .path("bootstrap")
                    .path("initdb")
                    .path("secret")
                    .path("name")
                    .asText(null));
            c.spec()
                    .path("managed")
                    .path("roles")
                    .forEach(
                            r -> names.add(r.path("passwordSecret").path("name").asText(null)));
            for (String name : names) {
                if (name != null && !secrets.getOrDefault(name, Set.of()).containsAll(Set.of("username", "password"))) {
                    p.add(c.describe() + ": Secret " + name + " with keys username and password is missing");
                }
            }
        }
        return p;
    }

    /** No Secret with data in the base, and no secretGenerator there either. */
    public static List<String> noLiteralSecrets(List<Manifest> baseFiles) {
        List<String> p = new ArrayList<>();
        for (Manifest m : baseFiles) {
            if (m.is("Secret")
                    && (!m.node().path("data").isEmpty()
                            || !m.node().path("stringData").isEmpty())) {
                p.add(m.describe() + ": a Secret in the base holds literal data; reference it instead and create"
                        + " it out of band (deploy/README.md)");
            }
            if ((m.is("Kustomization") || m.is("Component")) && m.node().has("secretGenerator")) {
                p.add(m.describe() + ": secretGenerator in the base puts literal secrets in the repository");
            }
        }
        return p;
    }

    // ------------------------------------------------------------------ kustomizations

    /**
     * Every kustomization lists only paths that exist, each overlay's resources lead to the base, and every
     * YAML file under the root is used by some kustomization (no forgotten file that is never deployed).
     */
    public static List<String> kustomizations(Path root) {
        List<String> p = new ArrayList<>();
        Set<Path> used = new HashSet<>();
        Path base = root.resolve("base").normalize();
        for (Path file : ManifestFiles.yamlFiles(root)) {
            if (!isKustomization(file)) {
                continue;
            }
            used.add(file);
            Path dir = file.getParent();
            String at = root.relativize(file).toString();
            JsonNode k = ManifestFiles.parse(root, file).get(0).node();
            for (String field : List.of("resources", "components")) {
                for (JsonNode entry : k.path(field)) {
                    Path target = dir.resolve(entry.asText()).normalize();
                    if (Files.isDirectory(target)) {
                        if (Kustomize.kustomizationFile(target) == null) {
                            p.add(at + ": " + field + " entry '" + entry.asText()
                                    + "' is a directory without a kustomization.yaml");
                        }
                    } else if (!Files.isRegularFile(target)) {
                        p.add(at + ": " + field + " entry '" + entry.asText() + "' does not exist");
                    } else {
                        used.add(target);
                    }
                }
            }
            for (JsonNode patch : k.path("patches")) {
                if (patch.has("path")) {
                    Path target = dir.resolve(patch.get("path").asText()).normalize();
                    if (!Files.isRegularFile(target)) {
                        p.add(at + ": patch '" + patch.get("path").asText() + "' does not exist");
                    } else {
                        used.add(target);
                    }
                } else if (!patch.has("patch")) {
                    p.add(at + ": a patches entry has neither path nor patch");
                }
            }
            if (root.relativize(dir).startsWith("overlays") && !reaches(dir, base, new HashSet<>())) {
                p.add(at + ": the overlay's resources do not lead to the base (" + root.relativize(base) + ")");
            }
        }
        for (Path file : ManifestFiles.yamlFiles(root)) {
            if (!used.contains(file.normalize())) {
                p.add(root.relativize(file) + ": not listed by any kustomization, so never deployed");
            }
        }
        return p;
    }

    private static boolean isKustomization(Path file) {
        String name = file.getFileName().toString();
        return name.equals("kustomization.yaml") || name.equals("kustomization.yml");
    }

    private static boolean reaches(Path dir, Path base, Set<Path> seen) {
        if (dir.equals(base)) {
            return true;
        }
        Path file = Kustomize.kustomizationFile(dir);
        if (file == null || !seen.add(dir)) {
            return false;
        }
        JsonNode k = ManifestFiles.parse(dir, file).get(0).node();
        for (JsonNode entry : k.path("resources")) {
            Path target = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(target) && reaches(target, base, seen)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ helpers

    /** The init containers and the containers of a Deployment's pod. */
    static List<JsonNode> allContainers(Manifest d) {
        List<JsonNode> all = new ArrayList<>();
        d.spec().path("template").path("spec").path("initContainers").forEach(all::add);
        d.spec().path("template").path("spec").path("containers").forEach(all::add);
        return all;
    }

    public static List<Manifest> of(List<Manifest> all, String kind) {
        return all.stream().filter(m -> m.is(kind)).toList();
    }

    static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static boolean subset(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }
}
