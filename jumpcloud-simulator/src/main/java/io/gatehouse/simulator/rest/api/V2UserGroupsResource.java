package io.gatehouse.simulator.rest.api;

import io.gatehouse.simulator.domain.Directory;
import io.gatehouse.simulator.domain.Resolved;
import io.gatehouse.simulator.domain.SimException;
import io.gatehouse.simulator.domain.SimGroup;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** v2 {@code /api/v2/usergroups}. */
@Path("/api/v2/usergroups")
@Produces(MediaType.APPLICATION_JSON)
public class V2UserGroupsResource {

    private final Directory directory;
    private final ListWriter lists;

    public V2UserGroupsResource(Directory directory, ListWriter lists) {
        this.directory = directory;
        this.lists = lists;
    }

    @GET
    @Operation(summary = "List user groups")
    public Response list(
            @QueryParam("limit") String limit,
            @QueryParam("skip") String skip,
            @QueryParam("sort") String sort,
            @QueryParam("filter") List<String> filter,
            UriInfo uri) {
        ListQuery query = ListQuery.parse(limit, skip, sort, filter);
        return lists.v2(uri.getPath(), directory.groupsById(), JsonViews::userGroup, query);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One user group")
    public Map<String, Object> get(@PathParam("id") String id) {
        return JsonViews.userGroup(group(id));
    }

    @GET
    @Path("/{id}/members")
    @Operation(summary = "Direct members (users and nested groups)")
    public Response members(
            @PathParam("id") String id,
            @QueryParam("limit") String limit,
            @QueryParam("skip") String skip,
            @QueryParam("filter") List<String> filter,
            UriInfo uri) {
        ListQuery query = ListQuery.parse(limit, skip, null, filter);
        return lists.v2(uri.getPath(), directory.directMembers(group(id).id()), JsonViews::connection, query);
    }

    @GET
    @Path("/{id}/membership")
    @Operation(summary = "Resolved user members (nested groups and dynamic rules), with paths")
    public Response membership(
            @PathParam("id") String id,
            @QueryParam("limit") String limit,
            @QueryParam("skip") String skip,
            @QueryParam("sort") String sort,
            @QueryParam("filter") List<String> filter,
            UriInfo uri) {
        ListQuery query = ListQuery.parse(limit, skip, sort, filter);
        Resolved members = directory.resolvedMembers(group(id).id());
        return lists.v2(
                uri.getPath(),
                members.ids(),
                u -> JsonViews.withPaths(u, "user", members.paths().get(u)),
                query);
    }

    private SimGroup group(String id) {
        return directory.group(id).orElseThrow(() -> SimException.notFound("user group", id));
    }
}
