package io.gatehouse.simulator.rest.api;

import io.gatehouse.simulator.config.SimulatorConfig;
import io.gatehouse.simulator.domain.Directory;
import io.gatehouse.simulator.domain.SimException;
import io.gatehouse.simulator.domain.SimUser;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** v1 {@code /api/systemusers}. */
@Path("/api/systemusers")
@Produces(MediaType.APPLICATION_JSON)
public class SystemUsersResource {

    private final Directory directory;
    private final ListWriter lists;
    private final SimulatorConfig config;

    public SystemUsersResource(Directory directory, ListWriter lists, SimulatorConfig config) {
        this.directory = directory;
        this.lists = lists;
        this.config = config;
    }

    @GET
    @Operation(summary = "List system users: {results, totalCount}")
    public Response list(
            @QueryParam("limit") String limit,
            @QueryParam("skip") String skip,
            @QueryParam("sort") String sort,
            @QueryParam("fields") String fields,
            @QueryParam("filter") List<String> filter,
            UriInfo uri) {
        ListQuery query = ListQuery.parse(limit, skip, sort, filter);
        Set<String> projection = fields(fields);
        List<SimUser> users = directory.usersById();
        return lists.v1(
                uri.getPath(),
                users,
                u -> JsonViews.project(JsonViews.systemUser(u, config.orgId()), projection),
                query);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One system user")
    public Map<String, Object> get(@PathParam("id") String id, @QueryParam("fields") String fields) {
        SimUser user = directory.user(id).orElseThrow(() -> SimException.notFound("user", id));
        return JsonViews.project(JsonViews.systemUser(user, config.orgId()), fields(fields));
    }

    static Set<String> fields(String fields) {
        if (fields == null || fields.isBlank()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.asList(fields.trim().split("[,\\s]+")));
    }
}
