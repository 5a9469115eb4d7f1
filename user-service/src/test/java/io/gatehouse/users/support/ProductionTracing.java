package io.gatehouse.users.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Tracing as a production deployment has it by default: the OpenTelemetry SDK off (the test profile turns it on
 * so tests can read spans). For load drivers, which should measure what runs in production.
 */
public class ProductionTracing implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.sdk.disabled", "true");
    }
}
