package io.gatehouse.simulator.rest.api;

import io.gatehouse.simulator.config.SimulatorConfig;
import io.gatehouse.simulator.fault.FaultRegistry;
import io.gatehouse.simulator.fault.FaultSpec;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * In front of {@code /api}: checks {@code x-api-key} (and {@code x-org-id} when sent), then applies injected
 * request faults (429, 5xx, delay).
 */
public class ApiGuard {

    private final SimulatorConfig config;
    private final FaultRegistry faults;

    public ApiGuard(SimulatorConfig config, FaultRegistry faults) {
        this.config = config;
        this.faults = faults;
    }

    @ServerRequestFilter
    public Uni<Response> guard(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        String key = request.getHeaderString("x-api-key");
        if (key == null
                || !MessageDigest.isEqual(
                        key.getBytes(StandardCharsets.UTF_8), config.apiKey().getBytes(StandardCharsets.UTF_8))) {
            return Uni.createFrom().item(json(401, "Unauthorized"));
        }
        String orgId = request.getHeaderString("x-org-id");
        if (orgId != null && !orgId.isBlank() && !orgId.equals(config.orgId())) {
            return Uni.createFrom().item(json(401, "Unauthorized: organization not found"));
        }
        Optional<FaultSpec> fault = faults.take(path, FaultRegistry.REQUEST_FAULTS);
        if (fault.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        FaultSpec spec = fault.get();
        return switch (spec.type()) {
            case RATE_LIMIT -> {
                Response.ResponseBuilder builder = Response.status(429)
                        .type(MediaType.APPLICATION_JSON)
                        .entity(Map.of("message", "Too Many Requests"));
                if (spec.retryAfterSeconds() != null) {
                    builder.header("Retry-After", spec.retryAfterSeconds());
                }
                yield Uni.createFrom().item(builder.build());
            }
            case UNAVAILABLE ->
                Uni.createFrom()
                        .item(json(
                                spec.status(),
                                Response.Status.fromStatusCode(spec.status()) == null
                                        ? "Server Error"
                                        : Response.Status.fromStatusCode(spec.status())
                                                .getReasonPhrase()));
            default ->
                Uni.createFrom().<Response>nullItem().onItem().delayIt().by(Duration.ofMillis(spec.delayMillis()));
        };
    }

    private static Response json(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("message", message))
                .build();
    }
}
