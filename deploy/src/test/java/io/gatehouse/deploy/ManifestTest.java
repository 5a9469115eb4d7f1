package io.gatehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gatehouse.deploy.NetworkPolicies.Pod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks every manifest under {@code deploy/k8s}: the raw files (every YAML document parses; kustomizations
 * are consistent; no literal secret in the base) and what the base and each overlay render to (Deployments,
 * Services, budgets, autoscaler, network policies, Ingress, Kafka topics, PostgreSQL).
 */
class ManifestTest {

    static final Path ROOT = ManifestFiles.k8sRoot();
    static final Kustomize KUSTOMIZE = new Kustomize(ROOT);
    static final List<String> SERVICES = List.of("sso-service", "user-service", "directory-service");

    static void assertNoProblems(String what, List<String> problems) {
        if (!problems.isEmpty()) {
            fail(what + ": " + problems.size() + " problem(s)\n  - " + String.join("\n  - ", problems));
        }
    }

    @Test
    void everyYamlDocumentParsesAndNamesItsKind() {
        List<Path> files = ManifestFiles.yamlFiles(ROOT);
        assertTrue(files.size() >= 15, "expected the manifest tree under " + ROOT + ", found " + files);
        List<String> problems = new ArrayList<>();
        int documents = 0;
        for (Path file : files) {
            for (Manifest m : ManifestFiles.parse(ROOT, file)) {
                documents++;
                if (m.apiVersion().isBlank() || m.kind().isBlank()) {
                    problems.add(m.describe() + ": apiVersion or kind is missing");
                }
                if (!m.is("Kustomization") && !m.is("Component") && m.name().isBlank()) {
                    problems.add(m.describe() + ": metadata.name is missing");
                }
            }
        }
        assertNoProblems("YAML documents", problems);
        assertTrue(documents > files.size(), "multi-document files should have been split, found " + documents);
    }

    @Test
    void kustomizationsListOnlyExistingFilesAndOverlaysPointAtTheBase() {
        assertNoProblems("kustomizations", ManifestChecks.kustomizations(ROOT));
    }

    @Test
    void noSecretInTheBaseHoldsLiteralData() {
        assertNoProblems("base secrets", ManifestChecks.noLiteralSecrets(ManifestFiles.parseAll(ROOT.resolve("base"))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/prod-external-db"})
    void everyRenderedObjectIsAValidObjectOfTheTargetedApiVersions(String dir) {
        List<Manifest> all = KUSTOMIZE.render(dir);
        assertTrue(all.size() > 20, dir + " rendered only " + all.size() + " objects");
        assertNoProblems(dir + " (kubectl kustomize, validated by ManifestSchemas)", ManifestSchemas.validate(all));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/prod-external-db"})
    void everyDeploymentHasProbesResourcesAndAHardenedSecurityContext(String dir) {
        List<Manifest> all = KUSTOMIZE.render(dir);
        List<Manifest> deployments = ManifestChecks.of(all, "Deployment");
        assertEquals(
                SERVICES,
                deployments.stream()
                        .map(Manifest::name)
                        .sorted((a, b) -> SERVICES.indexOf(a) - SERVICES.indexOf(b))
                        .toList(),
                dir + ": the three services");
        List<String> problems = new ArrayList<>();
        deployments.forEach(d -> problems.addAll(ManifestChecks.deployment(d)));
        problems.addAll(ManifestChecks.configMaps(all));
        assertNoProblems(dir + " Deployments", problems);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/prod-external-db"})
    void everyDeploymentHasAMatchingServiceAndPodDisruptionBudget(String dir) {
        assertNoProblems(dir, ManifestChecks.servicesAndBudgets(KUSTOMIZE.render(dir)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/prod", "overlays/prod-external-db"})
    void anAutoscalerScalesSsoServiceOnCpuFromTwoReplicas(String dir) {
        assertNoProblems(dir, ManifestChecks.autoscaler(KUSTOMIZE.render(dir), "sso-service", 2));
    }

    @Test
    void devAutoscalesSsoServiceFromOneReplica() {
        assertNoProblems("overlays/dev", ManifestChecks.autoscaler(KUSTOMIZE.render("overlays/dev"), "sso-service", 1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/prod-external-db"})
    void aDefaultDenyIngressPolicyAndTheIngressAndHttpRouteRoutes(String dir) {
        List<Manifest> all = KUSTOMIZE.render(dir);
        List<String> problems = new ArrayList<>(ManifestChecks.defaultDenyIngress(all));
        problems.addAll(ManifestChecks.ingress(all));
        problems.addAll(ManifestChecks.httpRoutes(all));
        assertNoProblems(dir, problems);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void networkPoliciesAllowExactlyTheDocumentedPaths(String dir) {
        NetworkPolicies np = new NetworkPolicies(KUSTOMIZE.render(dir));
        Pod sso = service("sso-service");
        Pod users = service("user-service");
        Pod directory = service("directory-service");
        Pod nginx = Pod.inNamespace("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"));
        Pod prometheus = Pod.inNamespace("monitoring", Map.of("app.kubernetes.io/name", "prometheus"));
        Pod stranger = Pod.local(Map.of("app", "debug-shell"));
        Pod postgres = Pod.local(Map.of("cnpg.io/cluster", "gatehouse-pg"));
        Pod kafka = Pod.local(Map.of("strimzi.io/cluster", "gatehouse-kafka", "strimzi.io/kind", "Kafka"));
        Pod dns = Pod.inNamespace("kube-system", Map.of("k8s-app", "kube-dns"));
        List<String> problems = new ArrayList<>();

        expect(problems, true, "ingress controller -> sso-service:8081", np.ingressAllowed(nginx, sso, "TCP", 8081));
        expect(
                problems,
                true,
                "ingress controller -> directory-service:8083",
                np.ingressAllowed(nginx, directory, "TCP", 8083));
        expect(
                problems,
                false,
                "ingress controller -> user-service:8082",
                np.ingressAllowed(nginx, users, "TCP", 8082));
        Pod gateway = new Pod(
                Map.of("app", "envoy"),
                Map.of(
                        "kubernetes.io/metadata.name",
                        "envoy-gateway-system",
                        "gatehouse.io/gateway-dataplane",
                        "true"));
        expect(problems, true, "Gateway data plane -> sso-service:8081", np.ingressAllowed(gateway, sso, "TCP", 8081));
        expect(
                problems,
                true,
                "Gateway data plane -> directory-service:8083",
                np.ingressAllowed(gateway, directory, "TCP", 8083));
        expect(
                problems,
                false,
                "Gateway data plane -> user-service:8082",
                np.ingressAllowed(gateway, users, "TCP", 8082));
        expect(
                problems,
                true,
                "user-service -> sso-service:8081 (JWKS)",
                np.ingressAllowed(users, sso, "TCP", 8081) && np.egressAllowed(users, sso, null, "TCP", 8081));
        expect(
                problems,
                true,
                "directory-service -> sso-service:8081 (JWKS)",
                np.ingressAllowed(directory, sso, "TCP", 8081) && np.egressAllowed(directory, sso, null, "TCP", 8081));
        // the admin console in sso-service proxies its API calls to user-service and directory-service
        expect(
                problems,
                true,
                "sso-service -> directory-service:8083 (console proxy)",
                np.ingressAllowed(sso, directory, "TCP", 8083) && np.egressAllowed(sso, directory, null, "TCP", 8083));
        expect(
                problems,
                true,
                "sso-service -> user-service:8082 (console proxy)",
                np.ingressAllowed(sso, users, "TCP", 8082) && np.egressAllowed(sso, users, null, "TCP", 8082));
        expect(
                problems,
                false,
                "directory-service -> user-service:8082",
                np.ingressAllowed(directory, users, "TCP", 8082));
        expect(problems, false, "an unrelated pod -> sso-service:8081", np.ingressAllowed(stranger, sso, "TCP", 8081));
        expect(problems, false, "an unrelated pod -> PostgreSQL", np.ingressAllowed(stranger, postgres, "TCP", 5432));
        expect(problems, false, "an unrelated pod -> Kafka", np.ingressAllowed(stranger, kafka, "TCP", 9093));
        for (Pod service : List.of(sso, users, directory)) {
            String name = service.labels().get("app.kubernetes.io/name");
            int port = 8081 + SERVICES.indexOf(name);
            expect(
                    problems,
                    true,
                    name + " -> PostgreSQL:5432",
                    np.ingressAllowed(service, postgres, "TCP", 5432)
                            && np.egressAllowed(service, postgres, null, "TCP", 5432));
            expect(
                    problems,
                    true,
                    name + " -> Kafka:9093 (TLS + SCRAM)",
                    np.ingressAllowed(service, kafka, "TCP", 9093)
                            && np.egressAllowed(service, kafka, null, "TCP", 9093));
            expect(
                    problems,
                    false,
                    name + " -> Kafka:9092 (no plaintext listener)",
                    np.ingressAllowed(service, kafka, "TCP", 9092));
            expect(problems, true, name + " -> cluster DNS", np.egressAllowed(service, dns, null, "UDP", 53));
            expect(
                    problems,
                    true,
                    "Prometheus -> " + name + ":" + port,
                    np.ingressAllowed(prometheus, service, "TCP", port));
        }
        expect(
                problems,
                true,
                "directory-service -> JumpCloud API (public address, 443)",
                np.egressAllowed(directory, null, "52.20.30.40", "TCP", 443));
        expect(
                problems,
                false,
                "directory-service -> a private address on 443",
                np.egressAllowed(directory, null, "10.1.2.3", "TCP", 443));
        expect(
                problems,
                false,
                "user-service -> the internet on 443",
                np.egressAllowed(users, null, "52.20.30.40", "TCP", 443));
        expect(
                problems,
                true,
                "sso-service -> public DNS resolver (TXT verification)",
                np.egressAllowed(sso, null, "1.1.1.1", "UDP", 53));
        expect(
                problems,
                false,
                "sso-service -> the internet on 443",
                np.egressAllowed(sso, null, "52.20.30.40", "TCP", 443));
        assertNoProblems(dir + " network policies", problems);
    }

    @Test
    void theExternalDatabaseComponentReplacesCloudNativePg() {
        List<Manifest> all = KUSTOMIZE.render("overlays/prod-external-db");
        assertTrue(
                all.stream().noneMatch(m -> m.group().equals("postgresql.cnpg.io")),
                "overlays/prod-external-db still deploys CloudNativePG resources");
        NetworkPolicies np = new NetworkPolicies(all);
        for (String name : SERVICES) {
            assertTrue(
                    np.egressAllowed(service(name), null, "192.0.2.10", "TCP", 5432),
                    name + " may not reach the external database in overlays/prod-external-db");
        }
        List<Manifest> serviceConfigs = ManifestChecks.of(all, "ConfigMap").stream()
                .filter(cm -> cm.name().endsWith("-service-config"))
                .toList();
        assertEquals(3, serviceConfigs.size(), "the three services' ConfigMaps");
        for (Manifest cm : serviceConfigs) {
            assertTrue(
                    cm.node()
                            .path("data")
                            .path("QUARKUS_DATASOURCE_JDBC_URL")
                            .asText()
                            .contains("db.example.internal"),
                    cm.describe() + ": JDBC URL still points at the CNPG cluster");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/prod-external-db"})
    void everyTopicOfTheEventContractHasAKafkaTopicAndADeadLetterTopic(String dir) {
        List<String> topics = ManifestChecks.contractTopics();
        assertTrue(topics.size() >= 4, "topics read from io.gatehouse.events.Topics: " + topics);
        assertNoProblems(dir, ManifestChecks.kafkaTopics(KUSTOMIZE.render(dir), topics));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/prod"})
    void productionTopicsHaveReplicationThreeAndMinInsyncTwo(String dir) {
        assertNoProblems(dir, ManifestChecks.durableTopics(KUSTOMIZE.render(dir)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/prod"})
    void aCloudNativePgClusterWithThreeInstancesCreatesTheThreeDatabases(String dir) {
        assertNoProblems(dir, ManifestChecks.postgres(KUSTOMIZE.render(dir), 3));
    }

    @Test
    void devRunsOnePostgresInstanceOneKafkaNodeAndOneReplicaPerService() {
        List<Manifest> all = KUSTOMIZE.render("overlays/dev");
        List<String> problems = new ArrayList<>(ManifestChecks.postgres(all, 1));
        problems.addAll(ManifestChecks.replicas(all, 1, 1));
        ManifestChecks.of(all, "KafkaNodePool").forEach(pool -> {
            if (pool.spec().path("replicas").asInt() != 1) {
                problems.add(pool.describe() + ": dev runs one Kafka node");
            }
        });
        ManifestChecks.of(all, "Cluster").forEach(c -> {
            if (c.spec().has("backup") || c.spec().has("plugins")) {
                problems.add(
                        c.describe() + ": dev has no object store; spec.plugins (the backup plugin) must be removed");
            }
        });
        ManifestChecks.of(all, "ObjectStore").forEach(o -> problems.add(o.describe() + ": dev has no object store"));
        assertNoProblems("overlays/dev", problems);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/prod-external-db"})
    void everySecretAServiceRequiresInProdComesFromASecret(String dir) {
        Map<String, Set<String>> required = new HashMap<>();
        SERVICES.forEach(s -> required.put(s, RequiredSecrets.of(s)));
        assertTrue(
                required.get("sso-service").contains("GATEHOUSE_SSO_JWT_KEY_ENCRYPTION_KEY"),
                "read from sso-service's application.properties: " + required);
        assertNoProblems(dir, ManifestChecks.requiredSecrets(KUSTOMIZE.render(dir), required));
    }

    @Test
    void theIngressRoutesEveryPublicPrefixTheSourcesServe() {
        Map<String, String> routes = PublicPaths.expectedRoutes();
        // read from the @Path annotations and static resource folders, not written down here
        assertEquals("sso-service", routes.get("/console"), routes.toString());
        assertEquals("sso-service", routes.get("/assets"), routes.toString());
        assertEquals("directory-service", routes.get("/scim"), routes.toString());
        assertFalse(routes.containsKey("/api/accounts"), routes.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/prod-external-db"})
    void kafkaIsReachedOverTlsWithScramAsOneKafkaUserPerServiceWithExactlyItsAcls(String dir) {
        Map<String, Set<String>> expected = new HashMap<>();
        SERVICES.forEach(s -> expected.put(s, KafkaAcls.expected(s)));
        // read from the code: groups from the handlers, produced topics from Topics' Javadoc
        assertTrue(expected.get("user-service").contains("group:user-service.members:Read"), expected.toString());
        assertTrue(expected.get("sso-service").contains("topic:gatehouse.sso.logins.v1:Write"), expected.toString());
        assertTrue(expected.get("sso-service").contains("topic:gatehouse.users.v1.dlq:Write"), expected.toString());
        assertNoProblems(dir, ManifestChecks.kafkaSecurity(KUSTOMIZE.render(dir), expected));
    }

    static final Map<String, String> DATABASES =
            Map.of("sso-service", "sso", "user-service", "users", "directory-service", "directory");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "overlays/prod-external-db"})
    void flywayRunsInAMigrateInitContainerAsTheOwnerAndTheServiceAsARuntimeRoleWithoutDdl(String dir) {
        assertNoProblems(dir, ManifestChecks.migrations(KUSTOMIZE.render(dir), DATABASES));
    }

    @Test
    void devGeneratesEverySecretTheWorkloadsAndPostgresReference() {
        assertNoProblems("overlays/dev", ManifestChecks.secretReferences(KUSTOMIZE.render("overlays/dev")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overlays/prod", "overlays/prod-external-db"})
    void prodPinsImagesAndRunsAtLeastTwoReplicasWithHigherLimits(String dir) {
        List<Manifest> all = KUSTOMIZE.render(dir);
        List<String> problems = new ArrayList<>(ManifestChecks.pinnedImages(all));
        problems.addAll(ManifestChecks.replicas(all, 2, Integer.MAX_VALUE));
        List<Manifest> dev = KUSTOMIZE.render("overlays/dev");
        for (Manifest d : ManifestChecks.of(all, "Deployment")) {
            Manifest small = ManifestChecks.of(dev, "Deployment").stream()
                    .filter(x -> x.name().equals(d.name()))
                    .findFirst()
                    .orElseThrow();
            if (mebibytes(d) <= mebibytes(small)) {
                problems.add(d.describe() + ": prod memory limit must be above dev's");
            }
        }
        assertNoProblems(dir, problems);
    }

    @Test
    void theBaseAndDevAreNotMistakenForPinnedReleases() {
        // proves pinnedImages can fail on the real manifests: the base uses the bare image name
        assertFalse(ManifestChecks.pinnedImages(KUSTOMIZE.render("base")).isEmpty());
    }

    private static long mebibytes(Manifest d) {
        String limit = d.spec()
                .path("template")
                .path("spec")
                .path("containers")
                .path(0)
                .path("resources")
                .path("limits")
                .path("memory")
                .asText();
        if (limit.endsWith("Gi")) {
            return Long.parseLong(limit.substring(0, limit.length() - 2)) * 1024;
        }
        return Long.parseLong(limit.substring(0, limit.length() - 2));
    }

    /** {@link ManifestChecks#kafkaSecurity} with the ACLs {@link KafkaAcls} reads from the code. */
    static List<String> kafkaSecurity(List<Manifest> all) {
        Map<String, Set<String>> expected = new HashMap<>();
        SERVICES.forEach(s -> expected.put(s, KafkaAcls.expected(s)));
        return ManifestChecks.kafkaSecurity(all, expected);
    }

    static Pod service(String name) {
        return Pod.local(Map.of(
                "app.kubernetes.io/name",
                name,
                "app.kubernetes.io/part-of",
                "gatehouse",
                "app.kubernetes.io/component",
                "service"));
    }

    private static void expect(List<String> problems, boolean expected, String path, boolean actual) {
        if (expected != actual) {
            problems.add(path + " should be " + (expected ? "allowed" : "denied") + " but is "
                    + (actual ? "allowed" : "denied"));
        }
    }
}
