package io.gatehouse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The side-by-side's pieces that can be checked without starting Keycloak or the stack. */
class SideBySideHarnessTest {

    @Test
    void realmBrokersToTheDriverWithSignatureValidationAndNoForms() throws Exception {
        Saml.IdpKey key = Saml.IdpKey.generate("CN=realm test");
        KeycloakServer kc = new KeycloakServer(Path.of("unused"), Path.of("unused"));
        JsonNode realm = Http.JSON.valueToTree(kc.realm(key, "https://idp.bench.test/saml2/keycloak"));
        JsonNode idp = realm.path("identityProviders").get(0);
        JsonNode config = idp.path("config");
        assertEquals("saml", idp.path("providerId").asText());
        assertEquals("true", config.path("validateSignature").asText());
        assertEquals("true", config.path("wantAssertionsSigned").asText());
        assertEquals(
                Base64.getEncoder().encodeToString(key.certificate().getEncoded()),
                config.path("signingCertificate").asText());
        assertEquals(kc.realmUrl(), config.path("entityId").asText());
        assertEquals(
                "https://idp.bench.test/saml2/keycloak",
                config.path("idpEntityId").asText());
        // the first broker login flow is the one-step flow: the user is created, no review-profile form
        String flowAlias = idp.path("firstBrokerLoginFlowAlias").asText();
        JsonNode flow = realm.path("authenticationFlows").get(0);
        assertEquals(flowAlias, flow.path("alias").asText());
        assertEquals(1, flow.path("authenticationExecutions").size());
        assertEquals(
                "idp-create-user-if-unique",
                flow.path("authenticationExecutions")
                        .get(0)
                        .path("authenticator")
                        .asText());
        assertEquals(
                List.of("email", "firstName", "lastName"),
                realm.path("identityProviderMappers").findValuesAsText("attribute.name"));
        assertTrue(realm.path("clients").get(0).path("redirectUris").toString().contains(KeycloakServer.REDIRECT_URI));
    }

    @Test
    void theProfiledWindowsUsersAreReturningOrFirstTimeAndATypoIsRefused() {
        assertEquals(LoginLoad.Kind.RETURNING, SideBySide.profileKind(null));
        assertEquals(LoginLoad.Kind.RETURNING, SideBySide.profileKind("returning"));
        assertEquals(LoginLoad.Kind.FIRST_TIME, SideBySide.profileKind("first-time"));
        IllegalArgumentException typo =
                assertThrows(IllegalArgumentException.class, () -> SideBySide.profileKind("first_time"));
        assertTrue(typo.getMessage().contains("first_time"), typo.getMessage());
    }

    @Test
    void aSecondPublishedRunOfADayGetsItsOwnFileInsteadOfOverwritingTheFirst(@TempDir Path docs) throws Exception {
        String startedAt = "2026-12-06T20:51:07.123Z";
        assertEquals("2026-12-06-side-by-side.md", SideBySideReport.reportName(docs, startedAt));
        java.nio.file.Files.writeString(docs.resolve("2026-12-06-side-by-side.md"), "the first run");
        assertEquals("2026-12-06-side-by-side-2051.md", SideBySideReport.reportName(docs, startedAt));
    }

    @Test
    void jvmThreadsSortsHotSpotThreadNames() {
        assertTrue(JvmThreads.isCompiler("C2 CompilerThre"));
        assertTrue(JvmThreads.isCompiler("C1 CompilerThre"));
        assertTrue(JvmThreads.isGc("GC Thread#3"));
        assertTrue(JvmThreads.isGc("G1 Conc#0"));
        assertTrue(JvmThreads.isGc("VM Thread"));
        assertFalse(JvmThreads.isGc("VM Periodic Tas"));
        assertFalse(JvmThreads.isCompiler("executor-thread"));
        assertFalse(JvmThreads.isGc("executor-thread"));
    }

    @Test
    void jvmThreadsReadsThisJvmsThreads() {
        JvmThreads.Reading r = JvmThreads.read(ProcessHandle.current().pid());
        assertTrue(r.total() > 0, "this JVM has used CPU");
        assertTrue(r.jit() + r.gc() <= r.total(), "the compiler and GC threads are part of the process");
        assertTrue(r.jit() > 0, "this JVM has compiled something by now");
    }

    @Test
    void aWindowIsCountedThreadByThread() {
        JvmThreads.Reading before = new JvmThreads.Reading(Map.of(1L, 100L, 2L, 50L), Map.of(7L, 10L), 1000);
        // compiler thread 2 ended (its 50 ticks are gone from the process's thread list), thread 3 started
        JvmThreads.Reading after = new JvmThreads.Reading(Map.of(1L, 130L, 3L, 5L), Map.of(7L, 12L), 1100);
        JvmThreads.Reading window = after.minus(before);
        assertEquals(35, window.jit()); // 30 of thread 1 + 5 of thread 3, never negative
        assertEquals(2, window.gc());
        assertEquals(100, window.total());
    }

    @Test
    void ratiosAreGatehouseOverKeycloakInTheSameWindow() {
        Map<String, Object> report = new LinkedHashMap<>();
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("keycloak", Map.of("windows", List.of(window("RETURNING", 16, 6.0, 4.0, 100))));
        targets.put("gatehouse", Map.of("windows", List.of(window("RETURNING", 16, 2.0, 0.0, 150))));
        report.put("targets", targets);
        String table = SideBySideReport.ratioTable(Http.JSON.valueToTree(targets));
        assertTrue(
                table.contains(
                        "| returning | 16 | **0.33×** (2.0 vs 6.0 ms) | 0.50× (4.0 ms) | **1.50×** (150 vs 100/s)"),
                table);
        assertTrue(SideBySideReport.render(report).contains("0.33×"));
    }

    @Test
    void theProfileSectionNamesTheProfiledUsers() {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("kind", "first-time");
        profile.put("window", window("FIRST_TIME", 16, 6.2, 0.0, 202.7));
        profile.put("sso-service", Map.of("samples", 410, "file", "profile.jfr", "topSelf", List.of("1.0%  a.B.c")));
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("gatehouse", Map.of("windows", List.of(), "profile", profile));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("targets", targets);
        String md = SideBySideReport.render(report);
        assertTrue(md.contains("an extra first-time × 16 window: 202.7 logins/s, 6.2 ms server CPU per login"), md);
        assertTrue(md.contains("### sso-service — 410 execution samples"), md);
        assertFalse(md.contains("### kind"), md);
    }

    @Test
    void aWindowsRecordsPerBatchComeFromTheServicesPrometheusPages() {
        String before = """
                # TYPE gatehouse_events_batch_size summary
                gatehouse_events_batch_size_count{consumer="sso-service.users"} 10.0
                gatehouse_events_batch_size_sum{consumer="sso-service.users"} 25.0
                gatehouse_events_batch_size_max{consumer="sso-service.users"} 9.0
                gatehouse_events_consumed_total{consumer="sso-service.users",result="applied"} 25.0
                """;
        String after = """
                gatehouse_events_batch_size_count{consumer="sso-service.users"} 40.0
                gatehouse_events_batch_size_sum{consumer="sso-service.users"} 325.0
                gatehouse_events_batch_size_count{consumer="sso-service.accounts"} 1.0
                gatehouse_events_batch_size_sum{consumer="sso-service.accounts"} 1.0
                gatehouse_events_batch_size_count{consumer="user-service.logins"} 0.0
                gatehouse_events_batch_size_sum{consumer="user-service.logins"} 0.0
                """;
        Map<String, Object> w = ConsumerBatches.window(ConsumerBatches.parse(before), ConsumerBatches.parse(after));
        // users: 30 batches of 300 records in the window; accounts: its first batch; logins: none, so not listed
        assertEquals(
                Map.of(
                        "sso-service.users", Map.of("batches", 30L, "records", 300L, "recordsPerBatch", 10.0),
                        "sso-service.accounts", Map.of("batches", 1L, "records", 1L, "recordsPerBatch", 1.0)),
                w);
        Map<String, Object> window = window("FIRST_TIME", 16, 6.2, 0.0, 202.7);
        window.put("consumerBatches", w);
        String md = SideBySideReport.consumerBatches(
                Http.JSON.valueToTree(Map.of("gatehouse", Map.of("windows", List.of(window)))));
        assertTrue(md.contains("| first-time | 16 | sso-service.users | 30 | 300 | 10.0 |"), md);
    }

    private static Map<String, Object> window(
            String kind, int workers, double cpu, double keycloakJvm, double perSecond) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("kind", kind);
        w.put("workers", workers);
        w.put("loginsPerSecond", perSecond);
        w.put("serverCpuMsPerLogin", cpu);
        w.put("cpuMsPerLogin", Map.of("keycloak", keycloakJvm, "sso-service", 1.0));
        w.put("acs", Map.of("p50Ms", 5.0, "p99Ms", 10.0));
        w.put("login", Map.of("p50Ms", 20.0, "p99Ms", 40.0));
        return w;
    }
}
