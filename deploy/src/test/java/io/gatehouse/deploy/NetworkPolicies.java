package io.gatehouse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Evaluates Kubernetes NetworkPolicy semantics over a set of manifests (one namespace), so tests can ask
 * "may this pod reach that pod on this port?" instead of inspecting policies field by field.
 */
public final class NetworkPolicies {

    /** A pod, described by its labels and its namespace's labels. */
    public record Pod(Map<String, String> labels, Map<String, String> namespaceLabels) {
        /** A pod of the Gatehouse namespace. */
        public static Pod local(Map<String, String> labels) {
            return new Pod(labels, Map.of("kubernetes.io/metadata.name", "gatehouse"));
        }

        public static Pod inNamespace(String namespace, Map<String, String> labels) {
            return new Pod(labels, Map.of("kubernetes.io/metadata.name", namespace));
        }
    }

    private final List<Manifest> policies;

    public NetworkPolicies(List<Manifest> manifests) {
        this.policies = manifests.stream().filter(m -> m.is("NetworkPolicy")).toList();
    }

    /** Whether {@code from} may open a connection to {@code to} (a pod of the Gatehouse namespace) on the port. */
    public boolean ingressAllowed(Pod from, Pod to, String protocol, int port) {
        boolean isolated = false;
        for (Manifest np : policies) {
            if (!selects(np, to, "Ingress")) {
                continue;
            }
            isolated = true;
            for (JsonNode rule : np.spec().path("ingress")) {
                if (peersMatch(rule.path("from"), from, null) && portsMatch(rule.path("ports"), protocol, port)) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    /**
     * Whether {@code from} (a pod of the Gatehouse namespace) may send to {@code to} — a pod, or, when
     * {@code to} is null, the IPv4 address {@code ip} outside the cluster.
     */
    public boolean egressAllowed(Pod from, Pod to, String ip, String protocol, int port) {
        boolean isolated = false;
        for (Manifest np : policies) {
            if (!selects(np, from, "Egress")) {
                continue;
            }
            isolated = true;
            for (JsonNode rule : np.spec().path("egress")) {
                if (peersMatch(rule.path("to"), to, ip) && portsMatch(rule.path("ports"), protocol, port)) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    private static boolean selects(Manifest np, Pod pod, String type) {
        JsonNode types = np.spec().path("policyTypes");
        boolean hasType = false;
        if (types.isArray() && !types.isEmpty()) {
            for (JsonNode t : types) {
                hasType |= type.equals(t.asText());
            }
        } else {
            hasType = "Ingress".equals(type) || np.spec().has("egress");
        }
        return hasType
                && Selectors.matches(np.spec().path("podSelector"), pod.labels())
                && "gatehouse".equals(pod.namespaceLabels().get("kubernetes.io/metadata.name"));
    }

    private static boolean peersMatch(JsonNode peers, Pod pod, String ip) {
        if (peers.isMissingNode() || (peers.isArray() && peers.isEmpty())) {
            return true; // no "from"/"to": any peer
        }
        for (JsonNode peer : peers) {
            if (peer.has("ipBlock")) {
                if (pod == null && ip != null && Cidr.inBlock(ip, peer.get("ipBlock"))) {
                    return true;
                }
                continue;
            }
            if (pod == null) {
                continue;
            }
            boolean nsOk = peer.has("namespaceSelector")
                    ? Selectors.matches(peer.get("namespaceSelector"), pod.namespaceLabels())
                    : "gatehouse".equals(pod.namespaceLabels().get("kubernetes.io/metadata.name"));
            boolean podOk = !peer.has("podSelector") || Selectors.matches(peer.get("podSelector"), pod.labels());
            if (nsOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portsMatch(JsonNode ports, String protocol, int port) {
        if (ports.isMissingNode() || (ports.isArray() && ports.isEmpty())) {
            return true;
        }
        for (JsonNode p : ports) {
            boolean protoOk = p.path("protocol").asText("TCP").equals(protocol);
            boolean portOk = !p.has("port")
                    || (p.get("port").isInt()
                            && (p.get("port").asInt() == port
                                    || (p.has("endPort")
                                            && port >= p.get("port").asInt()
                                            && port <= p.get("endPort").asInt())));
            if (protoOk && portOk) {
                return true;
            }
        }
        return false;
    }

    /** Label selectors: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist). Empty selects all. */
    public static final class Selectors {
        private Selectors() {}

        public static boolean matches(JsonNode selector, Map<String, String> labels) {
            if (selector.isMissingNode() || selector.isNull()) {
                return true;
            }
            for (var it = selector.path("matchLabels").fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
            for (JsonNode expr : selector.path("matchExpressions")) {
                String key = expr.path("key").asText();
                String value = labels.get(key);
                boolean in = false;
                for (JsonNode v : expr.path("values")) {
                    in |= v.asText().equals(value);
                }
                boolean ok = switch (expr.path("operator").asText()) {
                    case "In" -> in;
                    case "NotIn" -> !in;
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        public static boolean isEmpty(JsonNode selector) {
            return selector.isMissingNode()
                    || selector.isNull()
                    || (selector.path("matchLabels").isEmpty()
                            && selector.path("matchExpressions").isEmpty());
        }
    }

    /** IPv4 CIDR blocks with exceptions. */
    static final class Cidr {
        private Cidr() {}

        static boolean inBlock(String ip, JsonNode ipBlock) {
            if (!contains(ipBlock.path("cidr").asText(), ip)) {
                return false;
            }
            for (JsonNode except : ipBlock.path("except")) {
                if (contains(except.asText(), ip)) {
                    return false;
                }
            }
            return true;
        }

        static boolean contains(String cidr, String ip) {
            String[] parts = cidr.split("/");
            int bits = Integer.parseInt(parts[1]);
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            return (toLong(parts[0]) & mask) == (toLong(ip) & mask);
        }

        private static long toLong(String ip) {
            long value = 0;
            for (String octet : ip.split("\\.")) {
                value = (value << 8) | Integer.parseInt(octet);
            }
            return value;
        }
    }
}
