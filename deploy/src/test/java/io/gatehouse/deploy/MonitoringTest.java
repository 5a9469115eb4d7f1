package io.gatehouse.deploy;

import static io.gatehouse.deploy.ManifestTest.KUSTOMIZE;
import static io.gatehouse.deploy.ManifestTest.assertNoProblems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator kit of the prod overlay (components/monitoring): the alerts the issue asks for exist, every metric a
 * rule or a dashboard panel names is one the services' code produces ({@link MeterNames}), and the PodMonitor
 * scrapes the services' metrics port and path.
 */
class MonitoringTest {

    private static final Pattern METRIC = Pattern.compile("\\bgatehouse_[a-z0-9_]+");

    /** The alerts the issue asks for. */
    static final Set<String> ALERTS = Set.of(
            "GatehouseOutboxBacklogGrowing",
            "GatehouseConsumerLagHigh",
            "GatehouseEventsDeadLettered",
            "GatehouseDirectorySyncHeld",
            "GatehouseDirectorySyncFailing",
            "GatehouseScimChangesUnconfirmed",
            "GatehouseLoginFailureRatioHigh",
            "GatehouseIdpCertificateExpiring",
            "GatehouseIdpCertificateExpired",
            "GatehouseRevocationFeedBehind");

    @Test
    void everyMetricARuleOrPanelNamesIsProducedByTheServices() throws IOException {
        Set<String> known = MeterNames.prometheusNames();
        assertTrue(
                known.contains("gatehouse_sso_logins_total")
                        && known.contains("gatehouse_events_consumed_total")
                        && known.contains("gatehouse_sso_acs_latency_seconds_bucket"),
                "read from the sources: " + known);
        List<Manifest> prod = KUSTOMIZE.render("overlays/prod");
        List<String> problems = new ArrayList<>();
        Map<String, String> exprs = ruleExpressions(prod);
        exprs.putAll(panelExpressions(prod));
        assertTrue(exprs.size() >= 15, "rules and panels found: " + exprs.keySet());
        exprs.forEach((where, expr) -> problems.addAll(unknownMetrics(where, expr, known)));
        assertNoProblems("metrics of the rules and the dashboard", problems);
    }

    @Test
    void anUnknownMetricIsSeen() {
        Set<String> known = MeterNames.prometheusNames();
        // a name that looks right but is not mangled as Micrometer does (a counter without _total)
        assertEquals(
                List.of("rule X: gatehouse_sso_logins is not a metric of the services"),
                unknownMetrics("rule X", "rate(gatehouse_sso_logins[5m])", known));
        assertFalse(known.contains("gatehouse_sso_acs_latency"), "a timer is exposed in seconds");
    }

    @Test
    void theAlertsTheIssueAsksForExistWithSeverityAndSummary() {
        List<Manifest> prod = KUSTOMIZE.render("overlays/prod");
        Set<String> alerts = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Manifest rule : ManifestChecks.of(prod, "PrometheusRule")) {
            for (JsonNode group : rule.spec().path("groups")) {
                for (JsonNode r : group.path("rules")) {
                    if (!r.has("alert")) {
                        continue;
                    }
                    alerts.add(r.path("alert").asText());
                    if (r.path("labels").path("severity").asText().isBlank()
                            || r.path("annotations").path("summary").asText().isBlank()) {
                        problems.add(rule.describe() + " alert "
                                + r.path("alert").asText() + ": labels.severity and annotations.summary are required");
                    }
                }
            }
        }
        assertTrue(
                alerts.containsAll(ALERTS),
                "missing alerts: "
                        + ALERTS.stream().filter(a -> !alerts.contains(a)).toList());
        assertNoProblems("alerts", problems);
    }

    @Test
    void thePodMonitorScrapesEveryServiceOnItsMetricsPath() {
        List<Manifest> prod = KUSTOMIZE.render("overlays/prod");
        List<Manifest> monitors = ManifestChecks.of(prod, "PodMonitor");
        assertEquals(1, monitors.size(), "one PodMonitor");
        JsonNode spec = monitors.get(0).spec();
        List<String> problems = new ArrayList<>();
        for (Manifest d : ManifestChecks.of(prod, "Deployment")) {
            Map<String, String> labels = ManifestChecks.labels(
                    d.spec().path("template").path("metadata").path("labels"));
            if (!NetworkPolicies.Selectors.matches(spec.path("selector"), labels)) {
                problems.add(d.describe() + ": not selected by the PodMonitor");
            }
            Set<String> ports = new TreeSet<>();
            d.spec()
                    .path("template")
                    .path("spec")
                    .path("containers")
                    .path(0)
                    .path("ports")
                    .forEach(p -> ports.add(p.path("name").asText()));
            for (JsonNode ep : spec.path("podMetricsEndpoints")) {
                if (!ports.contains(ep.path("port").asText())
                        || !"/q/metrics".equals(ep.path("path").asText())) {
                    problems.add(d.describe() + ": PodMonitor endpoint " + ep
                            + " is not a port of the container with /q/metrics");
                }
            }
        }
        assertNoProblems("PodMonitor", problems);
    }

    static List<String> unknownMetrics(String where, String expr, Set<String> known) {
        List<String> problems = new ArrayList<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            if (!known.contains(m.group())) {
                problems.add(where + ": " + m.group() + " is not a metric of the services");
            }
        }
        return problems;
    }

    private static Map<String, String> ruleExpressions(List<Manifest> all) {
        Map<String, String> exprs = new HashMap<>();
        for (Manifest rule : ManifestChecks.of(all, "PrometheusRule")) {
            for (JsonNode group : rule.spec().path("groups")) {
                for (JsonNode r : group.path("rules")) {
                    exprs.put(
                            "rule " + r.path("alert").asText(r.path("record").asText()),
                            r.path("expr").asText());
                }
            }
        }
        return exprs;
    }

    private static Map<String, String> panelExpressions(List<Manifest> all) throws IOException {
        Map<String, String> exprs = new HashMap<>();
        for (Manifest cm : ManifestChecks.of(all, "ConfigMap")) {
            if (!"1"
                    .equals(cm.node()
                            .path("metadata")
                            .path("labels")
                            .path("grafana_dashboard")
                            .asText())) {
                continue;
            }
            for (JsonNode file : cm.node().path("data")) {
                JsonNode dashboard = new ObjectMapper().readTree(file.asText());
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        exprs.put(
                                "panel '" + panel.path("title").asText() + "' "
                                        + target.path("refId").asText(),
                                target.path("expr").asText());
                    }
                }
                dashboard
                        .path("templating")
                        .path("list")
                        .forEach(v -> exprs.put(
                                "variable " + v.path("name").asText(),
                                v.path("query").asText()));
            }
        }
        return exprs;
    }
}
