package io.gatehouse.simulator.rest.sim;

import io.gatehouse.simulator.fault.Fault;
import io.gatehouse.simulator.fault.FaultRegistry;
import io.gatehouse.simulator.fault.FaultSpec;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Control API: fault injection for the {@code /api} subset. */
@Path("/sim/faults")
@Produces(MediaType.APPLICATION_JSON)
public class SimFaultsResource {

    private final FaultRegistry faults;

    public SimFaultsResource(FaultRegistry faults) {
        this.faults = faults;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Inject a fault: RATE_LIMIT, UNAVAILABLE, SLOW, SHORT_PAGE or WRONG_TOTAL")
    public Response add(FaultSpec body) {
        SimUsersResource.requireBody(body);
        return Response.status(201).entity(view(faults.add(body))).build();
    }

    @GET
    @Operation(summary = "Faults that still have requests to affect")
    public List<Map<String, Object>> list() {
        return faults.active().stream().map(SimFaultsResource::view).toList();
    }

    @DELETE
    @Operation(summary = "Clear all faults")
    public Response clear() {
        faults.clear();
        return Response.noContent().build();
    }

    private static Map<String, Object> view(Fault fault) {
        FaultSpec s = fault.spec();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", fault.id());
        json.put("type", s.type().name());
        json.put("pathPrefix", s.pathPrefix());
        json.put("count", s.count());
        json.put("remaining", fault.remaining());
        json.put("retryAfterSeconds", s.retryAfterSeconds());
        json.put("status", s.status());
        json.put("delayMillis", s.delayMillis());
        json.put("dropItems", s.dropItems());
        json.put("totalCountDelta", s.totalCountDelta());
        return json;
    }
}
