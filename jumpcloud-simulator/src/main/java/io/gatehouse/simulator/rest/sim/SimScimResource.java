package io.gatehouse.simulator.rest.sim;

import io.gatehouse.simulator.scim.ScimLog;
import io.gatehouse.simulator.scim.ScimPusher;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Control API: what SCIM push has sent (for tests). */
@Path("/sim")
@Produces(MediaType.APPLICATION_JSON)
public class SimScimResource {

    static final long DRAIN_TIMEOUT_MILLIS = 30_000;

    private final ScimLog log;
    private final ScimPusher pusher;

    public SimScimResource(ScimLog log, ScimPusher pusher) {
        this.log = log;
        this.pusher = pusher;
    }

    @GET
    @Path("/scim-log")
    @Operation(summary = "SCIM request attempts sent so far (waits for queued pushes first unless drain=false)")
    public List<ScimLog.Entry> entries(
            @QueryParam("appId") String appId, @QueryParam("drain") @DefaultValue("true") boolean drain) {
        if (drain) {
            pusher.drain(DRAIN_TIMEOUT_MILLIS);
        }
        return log.entries(appId);
    }

    @DELETE
    @Path("/scim-log")
    @Operation(summary = "Forget the log (SCIM state is kept)")
    public Response clear() {
        pusher.drain(DRAIN_TIMEOUT_MILLIS);
        log.clear();
        return Response.noContent().build();
    }

    @POST
    @Path("/scim/drain")
    @Operation(summary = "Wait until every queued SCIM push has been sent")
    public Map<String, Object> drain() {
        return Map.of("idle", pusher.drain(DRAIN_TIMEOUT_MILLIS));
    }
}
