package io.gatehouse.simulator.rest.sim;

import io.gatehouse.simulator.config.SimulatorConfig;
import io.gatehouse.simulator.dns.DnsServer;
import io.gatehouse.simulator.dns.DnsZone;
import io.gatehouse.simulator.domain.SimException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Control API: TXT records served by the DNS server. */
@Path("/sim/dns")
@Produces(MediaType.APPLICATION_JSON)
public class SimDnsResource {

    /** Body of {@code PUT /sim/dns/{name}}. */
    public record TxtRequest(List<String> txt) {}

    private final DnsZone zone;
    private final DnsServer server;
    private final SimulatorConfig config;

    public SimDnsResource(DnsZone zone, DnsServer server, SimulatorConfig config) {
        this.zone = zone;
        this.server = server;
        this.config = config;
    }

    @GET
    @Operation(summary = "The DNS server's port and records")
    public Map<String, Object> info() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("host", config.dns().host());
        json.put("port", server.port());
        json.put("records", zone.all());
        return json;
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the TXT records of a name")
    public Map<String, Object> put(@PathParam("name") String name, TxtRequest body) {
        SimUsersResource.requireBody(body);
        zone.put(name, body.txt());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", DnsZone.normalise(name));
        json.put("txt", body.txt());
        return json;
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Remove a name")
    public Response delete(@PathParam("name") String name) {
        if (!zone.delete(name)) {
            throw new SimException(404, "not_found", "no records for " + name);
        }
        return Response.noContent().build();
    }
}
