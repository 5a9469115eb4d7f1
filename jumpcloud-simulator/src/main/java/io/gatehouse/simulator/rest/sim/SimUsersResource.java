package io.gatehouse.simulator.rest.sim;

import io.gatehouse.simulator.config.SimulatorConfig;
import io.gatehouse.simulator.domain.Directory;
import io.gatehouse.simulator.domain.SimException;
import io.gatehouse.simulator.rest.api.JsonViews;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Control API: users. Answers use the v1 system user shape. */
@Path("/sim/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SimUsersResource {

    private final Directory directory;
    private final SimulatorConfig config;

    public SimUsersResource(Directory directory, SimulatorConfig config) {
        this.directory = directory;
        this.config = config;
    }

    @POST
    @Operation(summary = "Create a user")
    public Response create(UserRequest body) {
        requireBody(body);
        return Response.status(201)
                .entity(JsonViews.systemUser(directory.createUser(body.toNewUser()), config.orgId()))
                .build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One user")
    public Map<String, Object> get(@PathParam("id") String id) {
        return JsonViews.systemUser(directory.getUser(id), config.orgId());
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a user (suspended, account_locked, state, names, email, attributes…)")
    public Map<String, Object> patch(@PathParam("id") String id, UserRequest body) {
        requireBody(body);
        return JsonViews.systemUser(directory.patchUser(id, body.toPatch()), config.orgId());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a user")
    public Response delete(@PathParam("id") String id) {
        directory.deleteUser(id);
        return Response.noContent().build();
    }

    static void requireBody(Object body) {
        if (body == null) {
            throw SimException.badRequest("a JSON body is required");
        }
    }
}
