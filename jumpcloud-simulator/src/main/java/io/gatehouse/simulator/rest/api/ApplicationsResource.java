package io.gatehouse.simulator.rest.api;

import io.gatehouse.simulator.config.SimulatorConfig;
import io.gatehouse.simulator.domain.Directory;
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
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** v1 {@code /api/applications}. */
@Path("/api/applications")
@Produces(MediaType.APPLICATION_JSON)
public class ApplicationsResource {

    private final Directory directory;
    private final ListWriter lists;
    private final SimulatorConfig config;

    public ApplicationsResource(Directory directory, ListWriter lists, SimulatorConfig config) {
        this.directory = directory;
        this.lists = lists;
        this.config = config;
    }

    @GET
    @Operation(summary = "List applications: {results, totalCount}")
    public Response list(
            @QueryParam("limit") String limit,
            @QueryParam("skip") String skip,
            @QueryParam("sort") String sort,
            @QueryParam("filter") List<String> filter,
            UriInfo uri) {
        ListQuery query = ListQuery.parse(limit, skip, sort, filter);
        return lists.v1(uri.getPath(), directory.appsById(), a -> JsonViews.application(a, config.publicUrl()), query);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One application")
    public Map<String, Object> get(@PathParam("id") String id) {
        return JsonViews.application(
                directory.app(id).orElseThrow(() -> SimException.notFound("application", id)), config.publicUrl());
    }
}
