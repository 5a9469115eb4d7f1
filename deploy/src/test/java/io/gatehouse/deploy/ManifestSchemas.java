package io.gatehouse.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates rendered manifests against the APIs of the versions deploy/README.md names: Kubernetes 1.32, Gateway
 * API v1 and the Prometheus Operator (typed fabric8 models, Quarkus BOM); Strimzi 1.2 (JSON schemas generated from
 * its CRDs by {@code deploy/tools/strimzi-crd-to-schema.py}: the typed model {@code io.strimzi:api:1.2.0} is Java 21
 * bytecode and does not load on the Java 17 baseline); CloudNativePG 1.27 and its Barman Cloud plugin (JSON schemas
 * written from the documented API reference: no model of them is on Maven Central). All under
 * {@code src/test/resources/schemas/}.
 * <p>
 * Strict: an apiVersion/kind not in {@link #TYPED} or {@link #SCHEMAS} (a removed API such as
 * {@code kafka.strimzi.io/v1beta2} or {@code policy/v1beta1}) fails; a field the model does not know fails. The
 * typed models keep unknown fields in an {@code additionalProperties} map instead of rejecting them, so after
 * deserialization every model object reachable from the resource is walked and a non-empty map is a problem.
 */
public final class ManifestSchemas {

    /** apiVersion + " " + kind → its typed model. Only APIs the target versions serve. */
    static final Map<String, Class<?>> TYPED = Map.ofEntries(
            Map.entry("v1 Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("v1 ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1 Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1 Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("v1 ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("apps/v1 Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("batch/v1 Job", io.fabric8.kubernetes.api.model.batch.v1.Job.class),
            Map.entry(
                    "policy/v1 PodDisruptionBudget",
                    io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry(
                    "autoscaling/v2 HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry(
                    "networking.k8s.io/v1 NetworkPolicy",
                    io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1 Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class),
            Map.entry(
                    "gateway.networking.k8s.io/v1 Gateway",
                    io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway.class),
            Map.entry(
                    "gateway.networking.k8s.io/v1 HTTPRoute",
                    io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class),
            Map.entry(
                    "monitoring.coreos.com/v1 PrometheusRule",
                    io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class),
            Map.entry(
                    "monitoring.coreos.com/v1 PodMonitor",
                    io.fabric8.openshift.api.model.monitoring.v1.PodMonitor.class),
            Map.entry(
                    "monitoring.coreos.com/v1 ServiceMonitor",
                    io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class));

    /** apiVersion + " " + kind → JSON schema resource, for operators without a typed model on Maven Central. */
    static final Map<String, String> SCHEMAS = Map.of(
            "kafka.strimzi.io/v1 Kafka", "schemas/strimzi-1.2.0-kafka.json",
            "kafka.strimzi.io/v1 KafkaNodePool", "schemas/strimzi-1.2.0-kafkanodepool.json",
            "kafka.strimzi.io/v1 KafkaTopic", "schemas/strimzi-1.2.0-kafkatopic.json",
            "kafka.strimzi.io/v1 KafkaUser", "schemas/strimzi-1.2.0-kafkauser.json",
            "postgresql.cnpg.io/v1 Cluster", "schemas/cnpg-cluster.json",
            "postgresql.cnpg.io/v1 Database", "schemas/cnpg-database.json",
            "postgresql.cnpg.io/v1 ScheduledBackup", "schemas/cnpg-scheduledbackup.json",
            "barmancloud.cnpg.io/v1 ObjectStore", "schemas/barmancloud-objectstore.json");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

    private ManifestSchemas() {}

    /** Every problem of every manifest; empty when all validate. */
    public static List<String> validate(List<Manifest> all) {
        List<String> problems = new ArrayList<>();
        for (Manifest m : all) {
            problems.addAll(validate(m));
        }
        return problems;
    }

    public static List<String> validate(Manifest m) {
        String api = m.apiVersion() + " " + m.kind();
        Class<?> type = TYPED.get(api);
        if (type != null) {
            return typed(m, type);
        }
        String schema = SCHEMAS.get(api);
        if (schema != null) {
            List<String> p = new ArrayList<>();
            for (ValidationMessage v : schema(schema).validate(m.node())) {
                p.add(m.describe() + ": " + v.getMessage());
            }
            return p;
        }
        return List.of(m.describe() + ": " + api + " is not an API of the versions this deployment targets"
                + " (removed, misspelled, or missing from ManifestSchemas)");
    }

    private static List<String> typed(Manifest m, Class<?> type) {
        Object model;
        try {
            model = MAPPER.treeToValue(m.node(), type);
        } catch (IOException | IllegalArgumentException e) {
            return List.of(m.describe() + ": does not match " + type.getName() + ": "
                    + e.getMessage().split("\n")[0]);
        }
        List<String> p = new ArrayList<>();
        unknownFields(model, "", p, m.describe(), java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return p;
    }

    /** Reports each model object's {@code additionalProperties} (the fields its schema does not have). */
    private static void unknownFields(Object value, String path, List<String> p, String at, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object o : c) {
                unknownFields(o, path + "[" + i++ + "]", p, at, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, p, at, seen));
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.")) {
            return;
        }
        try {
            Method extra = value.getClass().getMethod("getAdditionalProperties");
            Object fields = extra.invoke(value);
            if (fields instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                p.add(at + ": unknown field(s) " + unknown.keySet() + " at "
                        + (path.isEmpty() ? "the top level" : path.substring(1)) + " ("
                        + value.getClass().getSimpleName() + ")");
            }
        } catch (NoSuchMethodException ignored) {
            // a model class without an additionalProperties map (an enum, a value type)
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())
                        || f.getName().equals("additionalProperties")
                        || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    unknownFields(f.get(value), path + "." + f.getName(), p, at, seen);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // inaccessible JDK internals: nothing of ours below them
                }
            }
        }
    }

    private static JsonSchema schema(String resource) {
        return LOADED.computeIfAbsent(resource, r -> {
            try (InputStream in = ManifestSchemas.class.getClassLoader().getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalStateException("schema " + r + " is missing");
                }
                JsonNode node = MAPPER.readTree(in);
                return JsonSchemaFactory.getInstance(SpecVersionDetector.detect(node))
                        .getSchema(node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
