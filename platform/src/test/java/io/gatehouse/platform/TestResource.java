package io.gatehouse.platform;

import io.gatehouse.platform.auth.Caller;
import io.gatehouse.platform.problem.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Endpoints that exist only in the platform tests, to exercise problem+json and the Caller. */
@Path("/test")
@Produces(MediaType.APPLICATION_JSON)
public class TestResource {
    private final Caller caller;

    public TestResource(Caller caller) {
        this.caller = caller;
    }

    public record Body(String name, int count) {}

    @POST
    @Path("/body")
    @Consumes(MediaType.APPLICATION_JSON)
    public Body body(Body body) {
        return body;
    }

    @GET
    @Path("/conflict")
    public String conflict() {
        throw ApiException.conflict("domain_not_verified", "verify acme.test first");
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("secret internals");
    }

    @GET
    @Path("/accounts/{id}/admin")
    public Map<String, Object> admin(@PathParam("id") String id) {
        Caller.Identity who = caller.requireAccountAdmin(id);
        return Map.of("operator", who.operator(), "actor", caller.actor());
    }

    @GET
    @Path("/operator")
    public Map<String, Object> operator() {
        caller.requireOperator();
        return Map.of("operator", true);
    }
}
