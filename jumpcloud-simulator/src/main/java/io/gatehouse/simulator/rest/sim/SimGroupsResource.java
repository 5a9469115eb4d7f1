package io.gatehouse.simulator.rest.sim;

import io.gatehouse.simulator.domain.Directory;
import io.gatehouse.simulator.domain.SimGroup;
import io.gatehouse.simulator.rest.api.JsonViews;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Control API: groups, direct user members and nested groups. */
@Path("/sim/groups")
@Produces(MediaType.APPLICATION_JSON)
public class SimGroupsResource {

    private final Directory directory;

    public SimGroupsResource(Directory directory) {
        this.directory = directory;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a group (static, nested via memberGroupIds, or dynamic via dynamicRule)")
    public Response create(GroupRequest body) {
        SimUsersResource.requireBody(body);
        SimGroup group =
                directory.createGroup(null, body.name(), body.description(), body.memberGroupIds(), body.dynamicRule());
        if (body.userIds() != null && !body.userIds().isEmpty()) {
            try {
                directory.addUsersToGroup(group.id(), body.userIds());
            } catch (RuntimeException e) {
                directory.deleteGroup(group.id());
                throw e;
            }
        }
        return Response.status(201).entity(view(group.id())).build();
    }

    @GET
    @Path("/{gid}")
    @Operation(summary = "One group with its direct members")
    public Map<String, Object> get(@PathParam("gid") String gid) {
        return view(gid);
    }

    @DELETE
    @Path("/{gid}")
    @Operation(summary = "Delete a group (unbinds it and removes it from parent groups)")
    public Response delete(@PathParam("gid") String gid) {
        directory.deleteGroup(gid);
        return Response.noContent().build();
    }

    @PUT
    @Path("/{gid}/members/{userId}")
    @Operation(summary = "Add a user to a group")
    public Response addMember(@PathParam("gid") String gid, @PathParam("userId") String userId) {
        directory.addUserToGroup(gid, userId);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{gid}/members/{userId}")
    @Operation(summary = "Remove a user from a group")
    public Response removeMember(@PathParam("gid") String gid, @PathParam("userId") String userId) {
        directory.removeUserFromGroup(gid, userId);
        return Response.noContent().build();
    }

    @PUT
    @Path("/{gid}/groups/{childId}")
    @Operation(summary = "Nest a group inside this group")
    public Response addGroup(@PathParam("gid") String gid, @PathParam("childId") String childId) {
        directory.addGroupToGroup(gid, childId);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{gid}/groups/{childId}")
    @Operation(summary = "Un-nest a group")
    public Response removeGroup(@PathParam("gid") String gid, @PathParam("childId") String childId) {
        directory.getGroup(childId);
        directory.removeGroupFromGroup(gid, childId);
        return Response.noContent().build();
    }

    private Map<String, Object> view(String gid) {
        return directory.read(() -> {
            SimGroup group = directory.getGroup(gid);
            Map<String, Object> json = JsonViews.userGroup(group);
            json.put("userIds", List.copyOf(group.userIds()));
            json.put("memberGroupIds", List.copyOf(group.memberGroupIds()));
            return json;
        });
    }
}
