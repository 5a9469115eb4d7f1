package io.gatehouse.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Gives a {@code @QuarkusTest} a real Kafka broker ({@code kafka.bootstrap.servers}), shared per JVM. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", Kafka.get().bootstrapServers());
    }

    @Override
    public void stop() {
        // shared for the JVM's lifetime
    }
}
