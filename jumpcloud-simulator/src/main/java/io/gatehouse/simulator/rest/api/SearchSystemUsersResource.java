package io.gatehouse.simulator.rest.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.simulator.config.SimulatorConfig;
import io.gatehouse.simulator.domain.Directory;
import io.gatehouse.simulator.domain.SimException;
import io.gatehouse.simulator.domain.SimUser;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * v1 {@code POST /api/search/systemusers}, JumpCloud's published body:
 * {@code {"filter": {"and"|"or": [{"email": "x"}, …]} | [{"email": "x"}, …], "searchFilter": {"searchTerm": "t",
 * "fields": ["email"]}, "fields": "email username"}}. {@code filter} expressions match exactly (case-insensitive
 * for strings); {@code searchFilter} matches a substring of any listed field. Both must hold when both are sent.
 */
@Path("/api/search/systemusers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SearchSystemUsersResource {

    private final Directory directory;
    private final ListWriter lists;
    private final SimulatorConfig config;

    public SearchSystemUsersResource(Directory directory, ListWriter lists, SimulatorConfig config) {
        this.directory = directory;
        this.lists = lists;
        this.config = config;
    }

    @POST
    @Operation(summary = "Search system users: {results, totalCount}")
    public Response search(
            JsonNode body,
            @QueryParam("limit") String limit,
            @QueryParam("skip") String skip,
            @QueryParam("sort") String sort,
            @QueryParam("fields") String fields,
            UriInfo uri) {
        if (body == null || !body.isObject()) {
            throw new SimException(400, "invalid_body", "the body must be a JSON object");
        }
        Predicate<SimUser> predicate = filter(body.get("filter")).and(searchFilter(body.get("searchFilter")));
        String projection = body.hasNonNull("fields") ? body.get("fields").asText() : fields;
        int bodyLimit = body.path("limit").asInt(-1);
        int bodySkip = body.path("skip").asInt(-1);
        ListQuery query = ListQuery.parse(
                bodyLimit >= 0 ? String.valueOf(bodyLimit) : limit,
                bodySkip >= 0 ? String.valueOf(bodySkip) : skip,
                sort,
                List.of());
        List<SimUser> matching = new ArrayList<>();
        for (SimUser user : directory.usersById()) {
            if (predicate.test(user)) {
                matching.add(user);
            }
        }
        Set<String> projected = SystemUsersResource.fields(projection);
        return lists.v1(
                uri.getPath(),
                matching,
                u -> JsonViews.project(JsonViews.systemUser(u, config.orgId()), projected),
                query);
    }

    private static Predicate<SimUser> filter(JsonNode filter) {
        if (filter == null || filter.isNull()) {
            return u -> true;
        }
        if (filter.isArray()) {
            return all(filter);
        }
        if (filter.isObject() && filter.has("and") && filter.get("and").isArray()) {
            return all(filter.get("and"));
        }
        if (filter.isObject() && filter.has("or") && filter.get("or").isArray()) {
            Predicate<SimUser> any = u -> false;
            for (JsonNode expression : filter.get("or")) {
                any = any.or(expression(expression));
            }
            return any;
        }
        if (filter.isObject()) {
            return expression(filter);
        }
        throw new SimException(400, "invalid_filter", "filter must be an object or an array of expressions");
    }

    private static Predicate<SimUser> all(JsonNode expressions) {
        Predicate<SimUser> all = u -> true;
        for (JsonNode expression : expressions) {
            all = all.and(expression(expression));
        }
        return all;
    }

    private static Predicate<SimUser> expression(JsonNode expression) {
        if (!expression.isObject()) {
            throw new SimException(400, "invalid_filter", "each filter expression must be an object");
        }
        Predicate<SimUser> all = u -> true;
        for (Map.Entry<String, JsonNode> entry : iterable(expression)) {
            String field = entry.getKey();
            JsonNode wanted = entry.getValue();
            if (!wanted.isValueNode()) {
                throw new SimException(400, "invalid_filter", "filter values must be strings, numbers or booleans");
            }
            String value = wanted.asText();
            all = all.and(u -> {
                String actual = u.field(field);
                return actual != null && actual.equalsIgnoreCase(value);
            });
        }
        return all;
    }

    private static Predicate<SimUser> searchFilter(JsonNode searchFilter) {
        if (searchFilter == null || searchFilter.isNull()) {
            return u -> true;
        }
        String term = searchFilter.path("searchTerm").asText("").toLowerCase(Locale.ROOT);
        List<String> fields = new ArrayList<>();
        searchFilter.path("fields").forEach(f -> fields.add(f.asText()));
        if (term.isEmpty() || fields.isEmpty()) {
            throw new SimException(400, "invalid_filter", "searchFilter needs searchTerm and fields");
        }
        return u -> fields.stream().anyMatch(f -> {
            String actual = u.field(f);
            return actual != null && actual.toLowerCase(Locale.ROOT).contains(term);
        });
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
