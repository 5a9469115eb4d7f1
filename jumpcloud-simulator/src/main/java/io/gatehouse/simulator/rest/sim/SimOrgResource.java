package io.gatehouse.simulator.rest.sim;

import io.gatehouse.simulator.config.SimulatorConfig;
import io.gatehouse.simulator.dns.DnsZone;
import io.gatehouse.simulator.domain.Directory;
import io.gatehouse.simulator.fault.FaultRegistry;
import io.gatehouse.simulator.scim.ScimPusher;
import io.gatehouse.simulator.seed.SeedLoader;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Control API: the organisation's credentials and a full reset. */
@Path("/sim")
@Produces(MediaType.APPLICATION_JSON)
public class SimOrgResource {

    private final SimulatorConfig config;
    private final Directory directory;
    private final FaultRegistry faults;
    private final DnsZone dns;
    private final ScimPusher scim;
    private final SeedLoader seed;

    public SimOrgResource(
            SimulatorConfig config,
            Directory directory,
            FaultRegistry faults,
            DnsZone dns,
            ScimPusher scim,
            SeedLoader seed) {
        this.config = config;
        this.directory = directory;
        this.faults = faults;
        this.dns = dns;
        this.scim = scim;
        this.seed = seed;
    }

    @GET
    @Path("/org")
    @Operation(summary = "The org id and the API key the /api subset accepts")
    public Map<String, Object> org() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("orgId", config.orgId());
        json.put("apiKey", config.apiKey());
        return json;
    }

    @POST
    @Path("/reset")
    @Operation(
            summary = "Clear users, groups, apps, faults, DNS records, SCIM state and log; seed=true reloads the seed")
    public Response reset(@QueryParam("seed") boolean reseed) {
        directory.reset();
        scim.reset();
        faults.clear();
        dns.clear();
        if (reseed) {
            seed.load();
        }
        return Response.noContent().build();
    }
}
