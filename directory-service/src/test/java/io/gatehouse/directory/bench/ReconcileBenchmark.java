package io.gatehouse.directory.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.testsupport.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test (its name does not end in {@code Test}, so {@code mvn verify} does not run it):
 * seeds the simulator with {@code -Dbench.users} (default 100,000) users in one group bound to an app, runs the
 * initial sync (all grants) and a no-change sync, and writes {@code target/benchmarks/reconcile.json} and
 * {@code .md}. Run: {@code mvn -B -o test -Dtest=ReconcileBenchmark -DargLine=-Xmx512m} (see README).
 */
@QuarkusTest
@TestProfile(BenchmarkProfile.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "directory"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(SimulatorResource.class)
class ReconcileBenchmark {
    static final String OPERATOR = "Bearer test-operator-token";

    @Test
    void reconcile() throws Exception {
        int users = Integer.getInteger("bench.users", 100_000);
        String sim = ConfigProvider.getConfig().getValue("simulator.url", String.class);
        RestAssured.given().baseUri(sim).port(-1).post("/sim/reset").then().statusCode(204);
        String apiKey = RestAssured.given()
                .baseUri(sim)
                .port(-1)
                .get("/sim/org")
                .then()
                .extract()
                .path("apiKey");
        String app = RestAssured.given()
                .baseUri(sim)
                .port(-1)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "bench", "spEntityId", "https://sp.test/bench", "acsUrl", "https://sp.test/acs"))
                .post("/sim/apps")
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        long seedStart = System.nanoTime();
        RestAssured.given()
                .baseUri(sim)
                .port(-1)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "users", users, "groups", List.of(Map.of("name", "Bench Users", "size", users)), "appId", app))
                .post("/sim/generate")
                .then()
                .statusCode(org.hamcrest.Matchers.lessThan(300));
        long seedMs = (System.nanoTime() - seedStart) / 1_000_000;

        String account = "bench-" + System.currentTimeMillis();
        RestAssured.given()
                .header("Authorization", OPERATOR)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "apiBaseUrl",
                        sim,
                        "apiKey",
                        apiKey,
                        "applicationId",
                        app,
                        "syncIntervalSeconds",
                        0,
                        "revokeBrake",
                        Map.of("maxFraction", 0.3, "minCount", 5)))
                .put("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(201);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("users", users);
        report.put("seedMillis", seedMs);
        report.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        report.put("initialSync", run(account));
        report.put("noChangeSync", run(account));

        Path dir = Path.of("target", "benchmarks");
        Files.createDirectories(dir);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("reconcile.json").toFile(), report);
        Files.writeString(dir.resolve("reconcile.md"), markdown(report));
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) report.get("initialSync");
        @SuppressWarnings("unchecked")
        Map<String, Object> second = (Map<String, Object>) report.get("noChangeSync");
        assertEquals("APPLIED", first.get("status"));
        assertEquals(users, first.get("granted"));
        assertEquals(users, second.get("unchanged"));
        assertEquals(0, second.get("granted"));
    }

    private static Map<String, Object> run(String account) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        JsonPath r = RestAssured.given()
                .header("Authorization", OPERATOR)
                .post("/api/accounts/{id}/directory/sync?wait=true", account)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        long wall = (System.nanoTime() - start) / 1_000_000;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r.getString("status"));
        m.put("granted", r.getInt("granted"));
        m.put("updated", r.getInt("updated"));
        m.put("revoked", r.getInt("revoked"));
        m.put("unchanged", r.getInt("unchanged"));
        m.put("apiCalls", r.getInt("apiCalls"));
        m.put("wallMillis", wall);
        m.put("peakHeapBytes", peak);
        m.put("error", r.getString("error"));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static String markdown(Map<String, Object> report) {
        StringBuilder sb = new StringBuilder("# Reconciliation benchmark\n\n");
        sb.append("Users: ")
                .append(report.get("users"))
                .append(" (one group bound to the app); JVM max heap: ")
                .append((Long) report.get("maxHeapBytes") / (1024 * 1024))
                .append(" MiB. Peak heap is of the whole test"
                        + " JVM: directory-service and the test code (the Kafka broker, PostgreSQL and the simulator are separate"
                        + " processes), sum of heap pools' peaks during the run.\n\n");
        sb.append(
                "| run | status | granted | unchanged | API calls | wall time (s) | peak heap (MiB) |\n|---|---|---|---|---|---|---|\n");
        for (String k : List.of("initialSync", "noChangeSync")) {
            Map<String, Object> m = (Map<String, Object>) report.get(k);
            sb.append("| ")
                    .append(k)
                    .append(" | ")
                    .append(m.get("status"))
                    .append(" | ")
                    .append(m.get("granted"))
                    .append(" | ")
                    .append(m.get("unchanged"))
                    .append(" | ")
                    .append(m.get("apiCalls"))
                    .append(" | ")
                    .append(String.format("%.1f", ((Long) m.get("wallMillis")) / 1000.0))
                    .append(" | ")
                    .append(((Long) m.get("peakHeapBytes")) / (1024 * 1024))
                    .append(" |\n");
        }
        return sb.toString();
    }
}
