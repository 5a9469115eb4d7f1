package io.gatehouse.simulator.rest.api;

import io.gatehouse.simulator.domain.Directory;
import io.gatehouse.simulator.domain.Resolved;
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

/** v2 {@code /api/v2/users/{id}/memberof}. */
@Path("/api/v2/users/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class V2UsersResource {

    private final Directory directory;
    private final ListWriter lists;

    public V2UsersResource(Directory directory, ListWriter lists) {
        this.directory = directory;
        this.lists = lists;
    }

    @GET
    @Path("/memberof")
    @Operation(summary = "The groups of a user (direct, nested, dynamic), with paths from the user")
    public Response memberOf(
            @PathParam("id") String id,
            @QueryParam("limit") String limit,
            @QueryParam("skip") String skip,
            @QueryParam("sort") String sort,
            @QueryParam("filter") List<String> filter,
            UriInfo uri) {
        ListQuery query = ListQuery.parse(limit, skip, sort, filter);
        if (directory.user(id).isEmpty()) {
            throw SimException.notFound("user", id);
        }
        Resolved groups = directory.groupsOfUser(id);
        return lists.v2(
                uri.getPath(),
                groups.ids(),
                g -> JsonViews.withPaths(g, "user_group", groups.paths().get(g)),
                query);
    }
}
