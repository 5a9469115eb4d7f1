package io.gatehouse.simulator.rest.api;

import io.gatehouse.simulator.domain.Directory;
import io.gatehouse.simulator.domain.Hop;
import io.gatehouse.simulator.domain.Resolved;
import io.gatehouse.simulator.domain.SimApp;
import io.gatehouse.simulator.domain.SimException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** v2 {@code /api/v2/applications/{id}/…}: bare arrays, {@code X-Total-Count}. */
@Path("/api/v2/applications/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class V2ApplicationsResource {

    private final Directory directory;
    private final ListWriter lists;

    public V2ApplicationsResource(Directory directory, ListWriter lists) {
        this.directory = directory;
        this.lists = lists;
    }

    @GET
    @Path("/associations")
    @Operation(summary = "Direct bindings of the app to users or user groups (targets required)")
    public Response associations(
            @PathParam("id") String id,
            @QueryParam("targets") String targets,
            @QueryParam("limit") String limit,
            @QueryParam("skip") String skip,
            @QueryParam("filter") List<String> filter,
            UriInfo uri) {
        if (targets == null || targets.isBlank()) {
            throw new SimException(400, "targets_required", "targets is required (user or user_group)");
        }
        if (!targets.equals("user") && !targets.equals("user_group")) {
            throw new SimException(400, "invalid_targets", "targets must be user or user_group");
        }
        ListQuery query = ListQuery.parse(limit, skip, null, filter);
        SimApp app = app(id);
        List<Hop> bindings = targets.equals("user_group")
                ? directory.read(() -> app.groupIds().stream().map(Hop::group).toList())
                : List.of();
        return lists.v2(uri.getPath(), bindings, JsonViews::connection, query);
    }

    @GET
    @Path("/usergroups")
    @Operation(summary = "User groups bound to the app directly or through nesting, with paths")
    public Response usergroups(
            @PathParam("id") String id,
            @QueryParam("limit") String limit,
            @QueryParam("skip") String skip,
            @QueryParam("sort") String sort,
            @QueryParam("filter") List<String> filter,
            UriInfo uri) {
        ListQuery query = ListQuery.parse(limit, skip, sort, filter);
        Resolved groups = directory.appGroups(app(id).id());
        return lists.v2(
                uri.getPath(),
                groups.ids(),
                g -> JsonViews.withPaths(g, "user_group", groups.paths().get(g)),
                query);
    }

    @GET
    @Path("/users")
    @Operation(summary = "Users bound to the app through its groups, with paths")
    public Response users(
            @PathParam("id") String id,
            @QueryParam("limit") String limit,
            @QueryParam("skip") String skip,
            @QueryParam("sort") String sort,
            @QueryParam("filter") List<String> filter,
            UriInfo uri) {
        ListQuery query = ListQuery.parse(limit, skip, sort, filter);
        Resolved users = directory.appUsers(app(id).id());
        return lists.v2(
                uri.getPath(),
                users.ids(),
                u -> JsonViews.withPaths(u, "user", users.paths().get(u)),
                query);
    }

    private SimApp app(String id) {
        return directory.app(id).orElseThrow(() -> SimException.notFound("application", id));
    }
}
