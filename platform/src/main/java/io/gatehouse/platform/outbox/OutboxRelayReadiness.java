package io.gatehouse.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the relay's last pass failed (Kafka unreachable or refusing the producer, the database refusing
 * the outbox): the events this replica's changes write would wait in the outbox. The {@code gatehouse-outbox}
 * channel's own check beside it tells whether its producer is connected.
 */
@Readiness
@ApplicationScoped
public class OutboxRelayReadiness implements HealthCheck {
    private final OutboxRelay relay;

    public OutboxRelayReadiness(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("outbox-relay")
                .status(!relay.enabled() || relay.failure().isEmpty())
                .withData("enabled", relay.enabled())
                .withData("backlog", relay.backlog());
        relay.failure().ifPresent(f -> b.withData("lastError", f));
        return b.build();
    }
}
