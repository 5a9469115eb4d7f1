package io.gatehouse.directory.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.gatehouse.directory.config.DirectoryConfig;
import io.gatehouse.directory.domain.ConnectionSettings;
import io.gatehouse.directory.domain.IssueScimToken;
import io.gatehouse.directory.scim.ScimAuth;
import io.gatehouse.directory.scim.ScimDiscovery;
import io.gatehouse.directory.scim.ScimGroups;
import io.gatehouse.directory.scim.ScimMedia;
import io.gatehouse.directory.scim.ScimUsers;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * SCIM 2.0 service provider (RFC 7643/7644) for one account, authenticated by the account's SCIM bearer token.
 * Bodies are read as text and parsed with the UnboundID SCIM SDK so that malformed JSON answers a SCIM error.
 */
@Path("/scim/v2/{accountId}")
@Produces({ScimMedia.SCIM_JSON, MediaType.APPLICATION_JSON})
@Consumes(MediaType.WILDCARD)
public class ScimResource {
    private final ScimAuth auth;
    private final ScimUsers users;
    private final ScimGroups groups;
    private final ScimDiscovery discovery;
    private final DirectoryConfig config;

    public ScimResource(
            ScimAuth auth, ScimUsers users, ScimGroups groups, ScimDiscovery discovery, DirectoryConfig config) {
        this.auth = auth;
        this.users = users;
        this.groups = groups;
        this.discovery = discovery;
        this.config = config;
    }

    @GET
    @Path("/ServiceProviderConfig")
    public Response serviceProviderConfig(
            @PathParam("accountId") String accountId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.authenticate(accountId, authorization);
        return ok(200, discovery.serviceProviderConfig(base(accountId)));
    }

    @GET
    @Path("/Schemas")
    public Response schemas(
            @PathParam("accountId") String accountId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.authenticate(accountId, authorization);
        return ok(200, discovery.schemas(base(accountId)));
    }

    @GET
    @Path("/Schemas/{id}")
    public Response schema(
            @PathParam("accountId") String accountId,
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.authenticate(accountId, authorization);
        return ok(200, discovery.schema(id, base(accountId)));
    }

    @GET
    @Path("/ResourceTypes")
    public Response resourceTypes(
            @PathParam("accountId") String accountId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.authenticate(accountId, authorization);
        return ok(200, discovery.resourceTypes(base(accountId)));
    }

    @GET
    @Path("/ResourceTypes/{id}")
    public Response resourceType(
            @PathParam("accountId") String accountId,
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.authenticate(accountId, authorization);
        return ok(200, discovery.resourceType(id, base(accountId)));
    }

    // ---- Users

    @GET
    @Path("/Users")
    public Response listUsers(
            @PathParam("accountId") String accountId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("filter") String filter,
            @QueryParam("startIndex") String startIndex,
            @QueryParam("count") String count) {
        ConnectionSettings s = auth.authenticate(accountId, authorization);
        return ok(200, users.list(s, pagingOf(filter, startIndex, count), base(accountId)));
    }

    @POST
    @Path("/Users")
    public Response createUser(
            @PathParam("accountId") String accountId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        ConnectionSettings s = auth.authenticate(accountId, authorization);
        ObjectNode created = users.create(s, body, base(accountId));
        return ok(201, created);
    }

    @GET
    @Path("/Users/{id}")
    public Response getUser(
            @PathParam("accountId") String accountId,
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        ConnectionSettings s = auth.authenticate(accountId, authorization);
        return ok(200, users.get(s, id, base(accountId)));
    }

    @PUT
    @Path("/Users/{id}")
    public Response replaceUser(
            @PathParam("accountId") String accountId,
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        ConnectionSettings s = auth.authenticate(accountId, authorization);
        return ok(200, users.replace(s, id, body, base(accountId)));
    }

    @PATCH
    @Path("/Users/{id}")
    public Response patchUser(
            @PathParam("accountId") String accountId,
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        ConnectionSettings s = auth.authenticate(accountId, authorization);
        return ok(200, users.patch(s, id, body, base(accountId)));
    }

    @DELETE
    @Path("/Users/{id}")
    public Response deleteUser(
            @PathParam("accountId") String accountId,
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        ConnectionSettings s = auth.authenticate(accountId, authorization);
        users.delete(s, id);
        return Response.noContent().build();
    }

    // ---- Groups

    @GET
    @Path("/Groups")
    public Response listGroups(
            @PathParam("accountId") String accountId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("filter") String filter,
            @QueryParam("startIndex") String startIndex,
            @QueryParam("count") String count,
            @QueryParam("excludedAttributes") String excluded) {
        ConnectionSettings s = auth.authenticate(accountId, authorization);
        return ok(200, groups.list(s, pagingOf(filter, startIndex, count), base(accountId), excludesMembers(excluded)));
    }

    @POST
    @Path("/Groups")
    public Response createGroup(
            @PathParam("accountId") String accountId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        ConnectionSettings s = auth.authenticate(accountId, authorization);
        return ok(201, groups.create(s, body, base(accountId)));
    }

    @GET
    @Path("/Groups/{id}")
    public Response getGroup(
            @PathParam("accountId") String accountId,
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("excludedAttributes") String excluded) {
        ConnectionSettings s = auth.authenticate(accountId, authorization);
        return ok(200, groups.get(s, id, base(accountId), excludesMembers(excluded)));
    }

    @PUT
    @Path("/Groups/{id}")
    public Response replaceGroup(
            @PathParam("accountId") String accountId,
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        ConnectionSettings s = auth.authenticate(accountId, authorization);
        return ok(200, groups.replace(s, id, body, base(accountId)));
    }

    @PATCH
    @Path("/Groups/{id}")
    public Response patchGroup(
            @PathParam("accountId") String accountId,
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        ConnectionSettings s = auth.authenticate(accountId, authorization);
        return ok(200, groups.patch(s, id, body, base(accountId)));
    }

    @DELETE
    @Path("/Groups/{id}")
    public Response deleteGroup(
            @PathParam("accountId") String accountId,
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        ConnectionSettings s = auth.authenticate(accountId, authorization);
        groups.delete(s, id);
        return Response.noContent().build();
    }

    private static io.gatehouse.directory.scim.ScimPaging pagingOf(String filter, String startIndex, String count) {
        return io.gatehouse.directory.scim.ScimPaging.of(filter, startIndex, count);
    }

    private static boolean excludesMembers(String excluded) {
        if (excluded == null) {
            return false;
        }
        for (String a : excluded.split(",")) {
            if (a.trim().equalsIgnoreCase("members")) {
                return true;
            }
        }
        return false;
    }

    private String base(String accountId) {
        return IssueScimToken.scimBaseUrl(config, accountId);
    }

    private static Response ok(int status, ObjectNode body) {
        try {
            return Response.status(status)
                    .type(ScimMedia.SCIM_JSON)
                    .entity(JsonUtils.getObjectWriter().writeValueAsString(body))
                    .build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
