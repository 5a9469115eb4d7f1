package io.gatehouse.directory.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Production-like settings for the reconciliation benchmark. */
public class BenchmarkProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gatehouse.directory.apply-chunk-size",
                "1000",
                "gatehouse.directory.http.request-timeout",
                "20s",
                "quarkus.log.category.\"io.gatehouse\".level",
                "INFO",
                "quarkus.http.test-timeout",
                "600s");
    }
}
