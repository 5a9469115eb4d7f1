package io.gatehouse.simulator.rest.sim;

import io.gatehouse.simulator.domain.Directory;
import io.gatehouse.simulator.domain.NewUser;
import io.gatehouse.simulator.domain.SimException;
import io.gatehouse.simulator.domain.SimGroup;
import io.gatehouse.simulator.domain.SimUser;
import io.gatehouse.simulator.domain.UserAttribute;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Control API: a large organisation in one call, for paging and load tests. */
@Path("/sim/generate")
@Produces(MediaType.APPLICATION_JSON)
public class SimGenerateResource {

    static final int MAX_USERS = 500_000;

    /**
     * {@code {"users": 100000, "emailPrefix"?: "user", "emailDomain"?: "bulk.test",
     * "groups"?: [{"name": "Big", "size": 100000}], "appId"?: "<bind the groups to this app>"}}.
     * Group {@code i} gets the first {@code size} generated users.
     */
    public record GenerateRequest(
            Integer users, String emailPrefix, String emailDomain, List<GroupSpec> groups, String appId) {}

    public record GroupSpec(String name, Integer size) {}

    private final Directory directory;

    public SimGenerateResource(Directory directory) {
        this.directory = directory;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Generate many users and groups (optionally bound to an app)")
    public Response generate(GenerateRequest body) {
        SimUsersResource.requireBody(body);
        int count = body.users() == null ? 0 : body.users();
        if (count < 0 || count > MAX_USERS) {
            throw SimException.badRequest("users must be within 0.." + MAX_USERS);
        }
        String prefix = body.emailPrefix() == null || body.emailPrefix().isBlank() ? "user" : body.emailPrefix();
        String domain = body.emailDomain() == null || body.emailDomain().isBlank() ? "bulk.test" : body.emailDomain();
        List<GroupSpec> groups = body.groups() == null ? List.of() : body.groups();
        for (GroupSpec group : groups) {
            if (group == null
                    || group.name() == null
                    || group.size() == null
                    || group.size() < 0
                    || group.size() > count) {
                throw SimException.badRequest("each group needs a name and a size within 0..users");
            }
        }
        if (body.appId() != null) {
            directory.getApp(body.appId());
        }
        List<NewUser> specs = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String n = String.format("%06d", i);
            specs.add(new NewUser(
                    null,
                    prefix + n + "@" + domain,
                    prefix + n,
                    "User",
                    n,
                    null,
                    null,
                    null,
                    "E" + n,
                    i % 10 == 0 ? "Support" : "Sales",
                    null,
                    List.of(new UserAttribute("costCenter", "CC" + (i % 7)))));
        }
        List<SimUser> users = directory.createUsers(specs);
        List<Map<String, Object>> createdGroups = new ArrayList<>();
        for (GroupSpec spec : groups) {
            SimGroup group = directory.createGroup(null, spec.name(), "generated", null, null);
            directory.addUsersToGroup(
                    group.id(),
                    users.subList(0, spec.size()).stream().map(SimUser::id).toList());
            if (body.appId() != null) {
                directory.bindGroup(body.appId(), group.id());
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", group.id());
            json.put("name", group.name());
            json.put("size", spec.size());
            createdGroups.add(json);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("users", users.size());
        json.put("firstUserId", users.isEmpty() ? null : users.get(0).id());
        json.put(
                "lastUserId",
                users.isEmpty() ? null : users.get(users.size() - 1).id());
        json.put("groups", createdGroups);
        return Response.status(201).entity(json).build();
    }
}
