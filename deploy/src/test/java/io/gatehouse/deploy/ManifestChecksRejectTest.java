package io.gatehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves each check of {@link ManifestChecks} can fail: a valid manifest set (the rendered base) is broken in
 * one place, in memory, and the same checker must reject it with a message naming the manifest and the property.
 */
class ManifestChecksRejectTest {

    static final Kustomize KUSTOMIZE = new Kustomize(ManifestFiles.k8sRoot());

    static Stream<Arguments> brokenDeployments() {
        return Stream.of(
                broken("no readiness probe", c -> c.remove("readinessProbe"), "readinessProbe"),
                broken(
                        "liveness on the wrong path",
                        c -> c.withObject("/livenessProbe/httpGet").put("path", "/health"),
                        "livenessProbe.httpGet.path"),
                broken("no startup probe", c -> c.remove("startupProbe"), "startupProbe"),
                broken(
                        "probe on an unknown port",
                        c -> c.withObject("/readinessProbe/httpGet").put("port", "admin"),
                        "is not a port of the container"),
                broken("no cpu limit", c -> c.withObject("/resources/limits").remove("cpu"), "resources.limits.cpu"),
                broken(
                        "no memory request",
                        c -> c.withObject("/resources/requests").remove("memory"),
                        "resources.requests.memory"),
                broken(
                        "runs as root",
                        c -> c.withObject("/securityContext").put("runAsNonRoot", false),
                        "runAsNonRoot"),
                broken("another user", c -> c.withObject("/securityContext").put("runAsUser", 1000), "runAsUser"),
                broken(
                        "writable root filesystem",
                        c -> c.withObject("/securityContext").put("readOnlyRootFilesystem", false),
                        "readOnlyRootFilesystem"),
                broken(
                        "privilege escalation",
                        c -> c.withObject("/securityContext").put("allowPrivilegeEscalation", true),
                        "allowPrivilegeEscalation"),
                broken(
                        "capabilities kept",
                        c -> c.withObject("/securityContext").remove("capabilities"),
                        "capabilities.drop"),
                broken(
                        "no seccomp profile",
                        c -> c.withObject("/securityContext")
                                .withObject("/seccompProfile")
                                .put("type", "Unconfined"),
                        "seccompProfile"),
                broken("no /tmp volume", c -> c.remove("volumeMounts"), "/tmp"),
                broken("no preStop", c -> c.remove("lifecycle"), "preStop"),
                broken("no prod profile", c -> removeEnv(c, "QUARKUS_PROFILE"), "QUARKUS_PROFILE"),
                broken("no MaxRAMPercentage", c -> removeEnv(c, "JAVA_TOOL_OPTIONS"), "MaxRAMPercentage"),
                broken(
                        "JVM options the image ignores",
                        c -> ((ArrayNode) c.get("env"))
                                .addObject()
                                .put("name", "JAVA_OPTS_APPEND")
                                .put("value", "-XX:MaxRAMPercentage=75.0"),
                        "use JAVA_TOOL_OPTIONS"),
                broken("literal operator token", c -> literalEnv(c, "GATEHOUSE_OPERATOR_TOKEN"), "literal value"),
                broken("no ConfigMap", c -> c.remove("envFrom"), "configMapRef"),
                brokenPod(
                        "no pod securityContext and no container runAsNonRoot",
                        d -> {
                            d.withObject("/spec/template/spec").remove("securityContext");
                            container(d).withObject("/securityContext").remove("runAsNonRoot");
                        },
                        "runAsNonRoot"),
                brokenPod(
                        "rolling update may drop capacity",
                        d -> d.withObject("/spec/strategy/rollingUpdate").put("maxUnavailable", 1),
                        "maxUnavailable"),
                brokenPod(
                        "no Prometheus annotation",
                        d -> d.withObject("/spec/template/metadata/annotations").remove("prometheus.io/scrape"),
                        "prometheus.io/scrape"),
                brokenPod(
                        "no grace period",
                        d -> d.withObject("/spec/template/spec").remove("terminationGracePeriodSeconds"),
                        "terminationGracePeriodSeconds"),
                brokenPod(
                        "no spread over nodes",
                        d -> d.withObject("/spec/template/spec").remove("topologySpreadConstraints"),
                        "topologySpreadConstraints"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDeployments")
    void aBrokenDeploymentIsRejected(String name, Consumer<ObjectNode> breakIt, String expected) {
        Manifest valid =
                ManifestChecks.of(KUSTOMIZE.render("base"), "Deployment").get(0);
        assertEquals(List.of(), ManifestChecks.deployment(valid), "the starting point must be valid");
        Manifest bad = valid.deepCopy();
        breakIt.accept(bad.node());
        List<String> problems = ManifestChecks.deployment(bad);
        assertTrue(
                problems.stream().anyMatch(p -> p.contains(expected) && p.contains(valid.describe())),
                "expected a problem naming " + valid.describe() + " and '" + expected + "', got " + problems);
    }

    static Stream<Arguments> brokenSets() {
        return Stream.of(
                set(
                        "Service selects other pods",
                        all -> named(all, "Service", "user-service")
                                .withObject("/spec/selector")
                                .put("app.kubernetes.io/name", "nobody"),
                        ManifestChecks::servicesAndBudgets,
                        "no Service selects its pods"),
                set(
                        "Service targets an unknown port",
                        all -> ((ObjectNode)
                                        named(all, "Service", "sso-service").at("/spec/ports/0"))
                                .put("targetPort", 9999),
                        ManifestChecks::servicesAndBudgets,
                        "targetPort '9999'"),
                set(
                        "PodDisruptionBudget missing",
                        all -> all.removeIf(
                                m -> m.is("PodDisruptionBudget") && m.name().equals("directory-service")),
                        ManifestChecks::servicesAndBudgets,
                        "no PodDisruptionBudget selects its pods"),
                set(
                        "HPA targets another Deployment",
                        all -> named(all, "HorizontalPodAutoscaler", "sso-service")
                                .withObject("/spec/scaleTargetRef")
                                .put("name", "user-service"),
                        all -> ManifestChecks.autoscaler(all, "sso-service", 2),
                        "no HorizontalPodAutoscaler targets Deployment/sso-service"),
                set(
                        "HPA on memory only",
                        all -> ((ObjectNode) named(all, "HorizontalPodAutoscaler", "sso-service")
                                        .at("/spec/metrics/0/resource"))
                                .put("name", "memory"),
                        all -> ManifestChecks.autoscaler(all, "sso-service", 2),
                        "no Resource metric on cpu"),
                set(
                        "default deny removed",
                        all -> all.removeIf(m -> m.name().equals("default-deny-ingress")),
                        ManifestChecks::defaultDenyIngress,
                        "no default-deny ingress NetworkPolicy"),
                set(
                        "default deny selects only some pods",
                        all -> named(all, "NetworkPolicy", "default-deny-ingress")
                                .withObject("/spec/podSelector")
                                .putObject("matchLabels")
                                .put("a", "b"),
                        ManifestChecks::defaultDenyIngress,
                        "no default-deny ingress NetworkPolicy"),
                set(
                        "/scim routed to sso-service",
                        all -> ingressPath(all, "/scim")
                                .put("name", "sso-service")
                                .withObject("/port")
                                .put("number", 8081),
                        ManifestChecks::ingress,
                        "path /scim must route to directory-service"),
                set(
                        "/saml missing",
                        all -> removeIngressPath(all, "/saml"),
                        ManifestChecks::ingress,
                        "path /saml must route to sso-service"),
                set(
                        "/console missing from the HTTPRoute",
                        all -> removeRouteRule(all, "/console"),
                        ManifestChecks::httpRoutes,
                        "HTTPRoute: path /console must route to sso-service"),
                set(
                        "HTTPRoute on another host",
                        all -> ((com.fasterxml.jackson.databind.node.ArrayNode)
                                        named(all, "HTTPRoute", "gatehouse").at("/spec/hostnames"))
                                .set(0, "evil.example.com"),
                        ManifestChecks::httpRoutes,
                        "is not the listener's host"),
                set(
                        "Gateway without TLS",
                        all -> ((ObjectNode) named(all, "Gateway", "gatehouse").at("/spec/listeners/0")).remove("tls"),
                        ManifestChecks::httpRoutes,
                        "no Gateway with an HTTPS listener"),
                set(
                        "/sso to a port no Service has",
                        all -> ingressPath(all, "/sso").withObject("/port").put("number", 80),
                        ManifestChecks::ingress,
                        "which no Service exposes"),
                set(
                        "no TLS",
                        all -> named(all, "Ingress", "gatehouse")
                                .withObject("/spec")
                                .remove("tls"),
                        ManifestChecks::ingress,
                        "is not covered by spec.tls"),
                set(
                        "DLQ topic missing",
                        all -> all.removeIf(
                                m -> m.spec().path("topicName").asText().equals("gatehouse.users.v1.dlq")),
                        ManifestChecks::topicsOfContract,
                        "no KafkaTopic for topic gatehouse.users.v1.dlq"),
                set(
                        "topic missing",
                        all -> all.removeIf(
                                m -> m.spec().path("topicName").asText().equals("gatehouse.sso.logins.v1")),
                        ManifestChecks::topicsOfContract,
                        "no KafkaTopic for topic gatehouse.sso.logins.v1"),
                set(
                        "accounts not compacted",
                        all -> topic(all, "gatehouse.accounts.v1").put("cleanup.policy", "delete"),
                        ManifestChecks::topicsOfContract,
                        "cleanup.policy must be compact"),
                set(
                        "logins without retention",
                        all -> topic(all, "gatehouse.sso.logins.v1").remove("retention.ms"),
                        ManifestChecks::topicsOfContract,
                        "retention.ms is missing"),
                set(
                        "members kept 7 days",
                        all -> topic(all, "gatehouse.directory.members.v1").put("retention.ms", "604800000"),
                        ManifestChecks::topicsOfContract,
                        "expected 1209600000 (14 days)"),
                set(
                        "no partitions",
                        all -> topicSpec(all, "gatehouse.users.v1").remove("partitions"),
                        ManifestChecks::topicsOfContract,
                        "spec.partitions is missing"),
                set(
                        "no migrate init container",
                        all -> named(all, "Deployment", "user-service")
                                .withObject("/spec/template/spec")
                                .remove("initContainers"),
                        all -> ManifestChecks.migrations(all, ManifestTest.DATABASES),
                        "no init container 'migrate'"),
                set(
                        "the service migrates itself",
                        all -> setEnv(
                                container(named(all, "Deployment", "sso-service")),
                                "QUARKUS_FLYWAY_MIGRATE_AT_START",
                                "true"),
                        all -> ManifestChecks.migrations(all, ManifestTest.DATABASES),
                        "QUARKUS_FLYWAY_MIGRATE_AT_START must be false"),
                set(
                        "the service logs in as the owner",
                        all -> secretRef(all, "directory-service", "QUARKUS_DATASOURCE_USERNAME")
                                .put("name", "gatehouse-db-directory"),
                        all -> ManifestChecks.migrations(all, ManifestTest.DATABASES),
                        "must be secret:gatehouse-db-directory-app/username"),
                set(
                        "grants not serialized between replicas",
                        all -> setEnv(
                                (ObjectNode) named(all, "Deployment", "user-service")
                                        .at("/spec/template/spec/initContainers/0"),
                                "QUARKUS_FLYWAY_INIT_SQL",
                                "GRANT USAGE ON SCHEMA public TO gatehouse_users_app"),
                        all -> ManifestChecks.migrations(all, ManifestTest.DATABASES),
                        "must run under pg_advisory_lock"),
                set(
                        "grants on existing tables, which race the other replica's migration",
                        all -> setEnv(
                                (ObjectNode) named(all, "Deployment", "sso-service")
                                        .at("/spec/template/spec/initContainers/0"),
                                "QUARKUS_FLYWAY_INIT_SQL",
                                "SELECT pg_advisory_lock(7010186137); GRANT USAGE ON SCHEMA public TO gatehouse_sso_app;"
                                        + " GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO"
                                        + " gatehouse_sso_app; SELECT pg_advisory_unlock(7010186137)"),
                        all -> ManifestChecks.migrations(all, ManifestTest.DATABASES),
                        "never ON ALL TABLES/SEQUENCES"),
                set(
                        "a runtime role with createdb",
                        all -> ((ObjectNode)
                                        named(all, "Cluster", "gatehouse-pg").at("/spec/managed/roles/0"))
                                .put("createdb", true),
                        all -> ManifestChecks.migrations(all, ManifestTest.DATABASES),
                        "must not have superuser, createdb or createrole"),
                set(
                        "a plaintext listener",
                        all -> ((ObjectNode)
                                        named(all, "Kafka", "gatehouse-kafka").at("/spec/kafka/listeners/0"))
                                .put("tls", false),
                        ManifestTest::kafkaSecurity,
                        "must have tls: true"),
                set(
                        "no authentication",
                        all -> ((ObjectNode)
                                        named(all, "Kafka", "gatehouse-kafka").at("/spec/kafka/listeners/0"))
                                .remove("authentication"),
                        ManifestTest::kafkaSecurity,
                        "authentication type scram-sha-512"),
                set(
                        "no authorizer",
                        all -> named(all, "Kafka", "gatehouse-kafka")
                                .withObject("/spec/kafka")
                                .remove("authorization"),
                        ManifestTest::kafkaSecurity,
                        "authorization.type must be simple"),
                set(
                        "a KafkaUser missing",
                        all -> all.removeIf(m -> m.is("KafkaUser") && m.name().equals("directory-service")),
                        ManifestTest::kafkaSecurity,
                        "no KafkaUser directory-service"),
                set(
                        "an ACL too many",
                        all -> addAcl(all, "directory-service", "gatehouse.sso.logins.v1", "Read"),
                        ManifestTest::kafkaSecurity,
                        "ACLs beyond what directory-service uses"),
                set(
                        "a consumer group ACL missing",
                        all -> removeAcl(all, "user-service", "user-service.logins"),
                        ManifestTest::kafkaSecurity,
                        "ACLs missing [group:user-service.logins:Read]"),
                set(
                        "a wildcard ACL",
                        all -> ((ObjectNode) named(all, "KafkaUser", "sso-service")
                                        .at("/spec/authorization/acls/0/resource"))
                                .put("patternType", "prefix"),
                        ManifestTest::kafkaSecurity,
                        "must be a literal name"),
                set(
                        "credentials of another user",
                        all -> secretRef(all, "user-service", "KAFKA_SASL_JAAS_CONFIG")
                                .put("name", "sso-service"),
                        ManifestTest::kafkaSecurity,
                        "KAFKA_SASL_JAAS_CONFIG must come from Secret user-service key sasl.jaas.config"),
                set(
                        "bootstrap on the old plain port",
                        all -> named(all, "ConfigMap", "sso-service-config")
                                .withObject("/data")
                                .put("KAFKA_BOOTSTRAP_SERVERS", "gatehouse-kafka-kafka-bootstrap:9092"),
                        ManifestTest::kafkaSecurity,
                        "is not the TLS + SCRAM listener"),
                set(
                        "one replica in production",
                        all -> topicSpec(all, "gatehouse.users.v1").put("replicas", 1),
                        ManifestChecks::durableTopics,
                        "needs spec.replicas >= 3"),
                set(
                        "no CNPG Cluster",
                        all -> all.removeIf(m -> m.is("Cluster")),
                        all -> ManifestChecks.postgres(all, 1),
                        "no CloudNativePG Cluster"),
                set(
                        "directory database not created",
                        all -> all.removeIf(m -> m.name().equals("gatehouse-directory")),
                        all -> ManifestChecks.postgres(all, 1),
                        "database 'directory'"),
                set(
                        "a single instance in production",
                        all -> named(all, "Cluster", "gatehouse-pg")
                                .withObject("/spec")
                                .put("instances", 1),
                        all -> ManifestChecks.postgres(all, 3),
                        "spec.instances is 1"),
                set(
                        "Secret with literal data in the base",
                        all -> all.add(secretWithData()),
                        ManifestChecks::noLiteralSecrets,
                        "holds literal data"),
                set(
                        "secretKeyRef to a missing Secret",
                        all -> {},
                        ManifestChecks::secretReferences,
                        "refers to Secret gatehouse-operator key token"),
                set(
                        "ConfigMap missing",
                        all -> all.removeIf(m -> m.is("ConfigMap") && m.name().equals("user-service-config")),
                        ManifestChecks::configMaps,
                        "configMapRef 'user-service-config' names no ConfigMap"),
                set(
                        "password in a ConfigMap",
                        all -> named(all, "ConfigMap", "sso-service-config")
                                .withObject("/data")
                                .put("QUARKUS_DATASOURCE_PASSWORD", "x"),
                        ManifestChecks::configMaps,
                        "looks like a secret"),
                set(
                        "unpinned image",
                        all -> container(named(all, "Deployment", "sso-service"))
                                .put("image", "gatehouse/sso-service:latest"),
                        ManifestChecks::pinnedImages,
                        "is not pinned"),
                set(
                        "one replica",
                        all -> named(all, "Deployment", "user-service")
                                .withObject("/spec")
                                .put("replicas", 1),
                        all -> ManifestChecks.replicas(all, 2, Integer.MAX_VALUE),
                        "runs 1 replica(s), expected 2 or more"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenSets")
    void aBrokenManifestSetIsRejected(
            String name,
            Consumer<List<Manifest>> breakIt,
            Function<List<Manifest>, List<String>> check,
            String expected) {
        List<Manifest> all = new ArrayList<>(KUSTOMIZE.render("base"));
        breakIt.accept(all);
        List<String> problems = check.apply(all);
        assertTrue(
                problems.stream().anyMatch(p -> p.contains(expected)),
                "expected a problem containing '" + expected + "', got " + problems);
    }

    static Stream<Arguments> invalidObjects() {
        return Stream.of(
                invalid(
                        "a misspelled Deployment field",
                        "Deployment",
                        "sso-service",
                        d -> container(d).put("imagePullPolicyy", "Always"),
                        "unknown field(s) [imagePullPolicyy]"),
                invalid(
                        "an unknown pod field",
                        "Deployment",
                        "user-service",
                        d -> d.withObject("/spec/template/spec").put("hostNetwork2", true),
                        "hostNetwork2"),
                invalid(
                        "a string where a number belongs",
                        "Deployment",
                        "user-service",
                        d -> d.withObject("/spec/template/spec").put("terminationGracePeriodSeconds", "soon"),
                        "does not match"),
                invalid(
                        "a removed Strimzi API",
                        "Kafka",
                        "gatehouse-kafka",
                        k -> k.put("apiVersion", "kafka.strimzi.io/v1beta2"),
                        "kafka.strimzi.io/v1beta2 Kafka is not an API"),
                invalid(
                        "a removed policy API",
                        "PodDisruptionBudget",
                        "sso-service",
                        k -> k.put("apiVersion", "policy/v1beta1"),
                        "policy/v1beta1 PodDisruptionBudget is not an API"),
                invalid(
                        "a field Strimzi v1 removed (ZooKeeper)",
                        "Kafka",
                        "gatehouse-kafka",
                        k -> k.withObject("/spec").putObject("zookeeper").put("replicas", 3),
                        "zookeeper"),
                invalid(
                        "a misspelled KafkaTopic field",
                        "KafkaTopic",
                        "gatehouse-users-v1",
                        k -> k.withObject("/spec").put("partition", 3),
                        "partition"),
                invalid(
                        "the in-tree barmanObjectStore",
                        "Cluster",
                        "gatehouse-pg",
                        c -> c.withObject("/spec/backup")
                                .putObject("barmanObjectStore")
                                .put("destinationPath", "s3://x"),
                        "barmanObjectStore"),
                invalid(
                        "a misspelled CNPG Cluster field",
                        "Cluster",
                        "gatehouse-pg",
                        c -> c.withObject("/spec").put("instance", 3),
                        "instance"),
                invalid(
                        "an ObjectStore without a destination",
                        "ObjectStore",
                        "gatehouse-backups",
                        o -> o.withObject("/spec/configuration").remove("destinationPath"),
                        "destinationPath"),
                invalid(
                        "an Ingress path without pathType type",
                        "Ingress",
                        "gatehouse",
                        i -> ((ObjectNode) i.at("/spec/rules/0/http/paths/0")).put("pathTyp", "Prefix"),
                        "pathTyp"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidObjects")
    void anObjectTheApiDoesNotAcceptIsRejected(
            String name, String kind, String objectName, Consumer<ObjectNode> breakIt, String expected) {
        Manifest valid = KUSTOMIZE.render("overlays/prod").stream()
                .filter(m -> m.is(kind) && m.name().equals(objectName))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of(), ManifestSchemas.validate(valid), "the starting point must be valid");
        Manifest bad = valid.deepCopy();
        breakIt.accept(bad.node());
        List<String> problems = ManifestSchemas.validate(bad);
        assertTrue(
                problems.stream().anyMatch(p -> p.contains(expected) && p.contains(valid.describe())),
                "expected a problem naming " + valid.describe() + " and '" + expected + "', got " + problems);
    }

    @Test
    void aKustomizationListingAMissingFileIsRejected(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("base"));
        Files.writeString(
                root.resolve("base/kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                        + "kind: Kustomization\nresources:\n  - deployment.yaml\n  - gone.yaml\n");
        Files.writeString(
                root.resolve("base/deployment.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        Files.writeString(root.resolve("base/orphan.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n");
        List<String> problems = ManifestChecks.kustomizations(root);
        assertTrue(
                problems.contains("base/kustomization.yaml: resources entry 'gone.yaml' does not exist"),
                problems.toString());
        assertTrue(
                problems.contains("base/orphan.yaml: not listed by any kustomization, so never deployed"),
                problems.toString());
    }

    @Test
    void anOverlayThatDoesNotPointAtTheBaseIsRejected(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("base"));
        Files.createDirectories(root.resolve("overlays/dev"));
        Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(
                root.resolve("base/kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
        Files.writeString(
                root.resolve("elsewhere/kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
        Files.writeString(
                root.resolve("overlays/dev/kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                        + "kind: Kustomization\nresources:\n  - ../../elsewhere\npatches:\n  - path: missing-patch.yaml\n");
        List<String> problems = ManifestChecks.kustomizations(root);
        assertTrue(
                problems.contains(
                        "overlays/dev/kustomization.yaml: the overlay's resources do not lead to the base (base)"),
                problems.toString());
        assertTrue(
                problems.contains("overlays/dev/kustomization.yaml: patch 'missing-patch.yaml' does not exist"),
                problems.toString());
    }

    @Test
    void aNetworkPolicyGapIsSeen() {
        List<Manifest> all = new ArrayList<>(KUSTOMIZE.render("base"));
        NetworkPolicies before = new NetworkPolicies(all);
        NetworkPolicies.Pod users = ManifestTest.service("user-service");
        NetworkPolicies.Pod sso = ManifestTest.service("sso-service");
        assertTrue(before.ingressAllowed(users, sso, "TCP", 8081));
        all.removeIf(m -> m.name().equals("allow-jwks-to-sso-service"));
        assertTrue(
                !new NetworkPolicies(all).ingressAllowed(users, sso, "TCP", 8081),
                "without allow-jwks-to-sso-service user-service must not reach sso-service");
    }

    // ------------------------------------------------------------------ helpers

    private static Arguments broken(String name, Consumer<ObjectNode> onContainer, String expected) {
        return Arguments.of(name, (Consumer<ObjectNode>) d -> onContainer.accept(container(d)), expected);
    }

    private static Arguments invalid(
            String name, String kind, String objectName, Consumer<ObjectNode> breakIt, String expected) {
        return Arguments.of(name, kind, objectName, breakIt, expected);
    }

    private static Arguments brokenPod(String name, Consumer<ObjectNode> onDeployment, String expected) {
        return Arguments.of(name, onDeployment, expected);
    }

    private static Arguments set(
            String name,
            Consumer<List<Manifest>> breakIt,
            Function<List<Manifest>, List<String>> check,
            String expected) {
        return Arguments.of(name, breakIt, check, expected);
    }

    private static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) deployment.at("/spec/template/spec/containers/0");
    }

    private static ObjectNode named(List<Manifest> all, String kind, String name) {
        return all.stream()
                .filter(m -> m.is(kind) && m.name().equals(name))
                .findFirst()
                .orElseThrow()
                .node();
    }

    private static void removeEnv(ObjectNode container, String name) {
        ArrayNode env = (ArrayNode) container.get("env");
        for (int i = env.size() - 1; i >= 0; i--) {
            if (name.equals(env.get(i).path("name").asText())) {
                env.remove(i);
            }
        }
    }

    private static void literalEnv(ObjectNode container, String name) {
        removeEnv(container, name);
        ((ArrayNode) container.get("env")).addObject().put("name", name).put("value", "s3cr3t");
    }

    private static ObjectNode ingressPath(List<Manifest> all, String path) {
        for (var p : named(all, "Ingress", "gatehouse").at("/spec/rules/0/http/paths")) {
            if (path.equals(p.path("path").asText())) {
                return (ObjectNode) p.at("/backend/service");
            }
        }
        throw new IllegalArgumentException(path);
    }

    private static void removeIngressPath(List<Manifest> all, String path) {
        ArrayNode paths = (ArrayNode) named(all, "Ingress", "gatehouse").at("/spec/rules/0/http/paths");
        for (int i = paths.size() - 1; i >= 0; i--) {
            if (path.equals(paths.get(i).path("path").asText())) {
                paths.remove(i);
            }
        }
    }

    private static void removeRouteRule(List<Manifest> all, String path) {
        ArrayNode rules = (ArrayNode) named(all, "HTTPRoute", "gatehouse").at("/spec/rules");
        for (int i = rules.size() - 1; i >= 0; i--) {
            if (path.equals(rules.get(i).at("/matches/0/path/value").asText())) {
                rules.remove(i);
            }
        }
    }

    private static void setEnv(ObjectNode container, String name, String value) {
        removeEnv(container, name);
        ((ArrayNode) container.get("env")).addObject().put("name", name).put("value", value);
    }

    private static void addAcl(List<Manifest> all, String user, String topic, String operation) {
        ObjectNode acl = ((ArrayNode) named(all, "KafkaUser", user).at("/spec/authorization/acls")).addObject();
        acl.putObject("resource").put("type", "topic").put("name", topic).put("patternType", "literal");
        acl.putArray("operations").add(operation);
    }

    private static void removeAcl(List<Manifest> all, String user, String resource) {
        ArrayNode acls = (ArrayNode) named(all, "KafkaUser", user).at("/spec/authorization/acls");
        for (int i = acls.size() - 1; i >= 0; i--) {
            if (resource.equals(acls.get(i).at("/resource/name").asText())) {
                acls.remove(i);
            }
        }
    }

    private static ObjectNode secretRef(List<Manifest> all, String deployment, String env) {
        for (var e : container(named(all, "Deployment", deployment)).get("env")) {
            if (env.equals(e.path("name").asText())) {
                return (ObjectNode) e.at("/valueFrom/secretKeyRef");
            }
        }
        throw new IllegalArgumentException(env);
    }

    private static ObjectNode topicSpec(List<Manifest> all, String topic) {
        return (ObjectNode) all.stream()
                .filter(m -> m.is("KafkaTopic")
                        && m.spec().path("topicName").asText().equals(topic))
                .findFirst()
                .orElseThrow()
                .spec();
    }

    private static ObjectNode topic(List<Manifest> all, String topic) {
        return topicSpec(all, topic).withObject("/config");
    }

    private static Manifest secretWithData() {
        ObjectNode secret = ManifestFiles.YAML.createObjectNode();
        secret.put("apiVersion", "v1")
                .put("kind", "Secret")
                .putObject("metadata")
                .put("name", "gatehouse-operator");
        secret.putObject("stringData").put("token", "hunter2");
        return new Manifest("base/secret.yaml", 0, secret);
    }
}
