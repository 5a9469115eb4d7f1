package io.gatehouse.simulator.rest.sim;

import io.gatehouse.simulator.config.SimulatorConfig;
import io.gatehouse.simulator.domain.AppSettings;
import io.gatehouse.simulator.domain.Directory;
import io.gatehouse.simulator.domain.SigningKey;
import io.gatehouse.simulator.domain.SigningKeyFactory;
import io.gatehouse.simulator.domain.SimApp;
import io.gatehouse.simulator.domain.SimException;
import io.gatehouse.simulator.rest.api.JsonViews;
import io.gatehouse.simulator.scim.ScimPusher;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Control API: Custom SAML apps, their group bindings and certificates. */
@Path("/sim/apps")
@Produces(MediaType.APPLICATION_JSON)
public class SimAppsResource {

    private final Directory directory;
    private final SigningKeyFactory keys;
    private final SimulatorConfig config;
    private final ScimPusher pusher;

    public SimAppsResource(Directory directory, SigningKeyFactory keys, SimulatorConfig config, ScimPusher pusher) {
        this.directory = directory;
        this.keys = keys;
        this.config = config;
        this.pusher = pusher;
    }

    @POST
    @Path("/{appId}/scim/test-connection")
    @Operation(
            summary = "The Identity Management tab's Test Connection: GET /Users, a test user (the Test User Email)"
                    + " and, with group management, a test group are created, then both deleted (the user deactivated when"
                    + " DELETE is refused)")
    public ScimPusher.TestConnection testConnection(@PathParam("appId") String appId) {
        SimApp app = directory.app(appId).orElseThrow(() -> SimException.notFound("application", appId));
        if (app.settings().scim() == null) {
            throw new SimException(409, "scim_not_configured", "the app has no Identity Management (scim) settings");
        }
        return pusher.testConnection(app);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an app (a new RSA-2048 key and certificate is generated)")
    public Response create(AppRequest body) {
        SimUsersResource.requireBody(body);
        AppSettings settings = body.toSettings();
        SimApp app = directory.createApp(body.id(), settings, keys.create(settings.name()), body.groupIds());
        return Response.status(201).entity(view(app.id())).build();
    }

    @GET
    @Operation(summary = "All apps")
    public List<Map<String, Object>> list() {
        return directory.appsById().stream().map(a -> view(a.id())).toList();
    }

    @GET
    @Path("/{appId}")
    @Operation(summary = "One app")
    public Map<String, Object> get(@PathParam("appId") String appId) {
        return view(appId);
    }

    @PUT
    @Path("/{appId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Replace the app's settings (the certificate stays); groupIds, when sent, replace the bindings")
    public Map<String, Object> update(@PathParam("appId") String appId, AppRequest body) {
        SimUsersResource.requireBody(body);
        if (body.id() != null && !body.id().equals(appId)) {
            throw SimException.badRequest("_id cannot be changed");
        }
        directory.updateApp(appId, body.toSettings());
        if (body.groupIds() != null) {
            body.groupIds().forEach(directory::getGroup);
            Set<String> wanted = new HashSet<>(body.groupIds());
            for (String bound :
                    directory.read(() -> List.copyOf(directory.getApp(appId).groupIds()))) {
                if (!wanted.contains(bound)) {
                    directory.unbindGroup(appId, bound);
                }
            }
            wanted.forEach(gid -> directory.bindGroup(appId, gid));
        }
        return view(appId);
    }

    @PUT
    @Path("/{appId}/groups/{gid}")
    @Operation(summary = "Bind a group to the app")
    public Response bind(@PathParam("appId") String appId, @PathParam("gid") String gid) {
        directory.bindGroup(appId, gid);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{appId}/groups/{gid}")
    @Operation(summary = "Unbind a group from the app")
    public Response unbind(@PathParam("appId") String appId, @PathParam("gid") String gid) {
        directory.getGroup(gid);
        directory.unbindGroup(appId, gid);
        return Response.noContent().build();
    }

    @POST
    @Path("/{appId}/certificate/rotate")
    @Operation(summary = "New key pair becomes active; the old one is kept as previous")
    public Map<String, Object> rotate(@PathParam("appId") String appId) {
        SimApp app = directory.getApp(appId);
        directory.rotateKey(appId, keys.create(app.settings().name()));
        return view(appId);
    }

    @DELETE
    @Path("/{appId}/certificate/previous")
    @Operation(summary = "Forget the previous key (ends a rotation)")
    public Response dropPrevious(@PathParam("appId") String appId) {
        directory.dropPreviousKey(appId);
        return Response.noContent().build();
    }

    @GET
    @Path("/{appId}/certificate")
    @Produces({"application/x-pem-file", MediaType.TEXT_PLAIN})
    @Operation(summary = "PEM of the active certificate (which=previous for the previous one)")
    public Response certificate(@PathParam("appId") String appId, @QueryParam("which") String which) {
        SimApp app = directory.getApp(appId);
        SigningKey key = "previous".equals(which) ? app.previousKey() : app.activeKey();
        if (key == null) {
            throw new SimException(404, "not_found", "the app has no previous certificate");
        }
        return Response.ok(key.pem(), "application/x-pem-file").build();
    }

    private Map<String, Object> view(String appId) {
        return directory.read(() -> {
            SimApp app = directory.getApp(appId);
            AppSettings s = app.settings();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("_id", app.id());
            json.put("name", s.name());
            json.put("displayLabel", s.displayLabel());
            json.put("spEntityId", s.spEntityId());
            json.put("acsUrl", s.acsUrl());
            json.put("idpEntityId", s.idpEntityId());
            json.put("sign", s.sign().name());
            json.put("signatureAlgorithm", s.signatureAlgorithm().label());
            json.put("nameIdFormat", s.nameIdFormat());
            json.put("attributes", s.attributes());
            json.put("constantAttributes", s.constantAttributes());
            json.put("groupAttributeName", s.groupAttributeName());
            json.put("declareRedirectEndpoint", s.declareRedirectEndpoint());
            json.put("scim", s.scim() == null ? null : scimView(s.scim()));
            json.put("groupIds", List.copyOf(app.groupIds()));
            json.put("ssoUrl", JsonViews.ssoUrl(config.publicUrl(), s.name()));
            json.put("metadataUrl", JsonViews.ssoUrl(config.publicUrl(), s.name()) + "/metadata");
            json.put("certificate", certificate(app.activeKey()));
            json.put("previousCertificate", app.previousKey() == null ? null : certificate(app.previousKey()));
            return json;
        });
    }

    private static Map<String, Object> scimView(AppSettings.ScimSettings scim) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("baseUrl", scim.baseUrl());
        json.put("sendExternalId", scim.sendExternalId());
        json.put("groupManagement", scim.groupManagement());
        json.put("testUserEmail", scim.testUserEmail());
        return json;
    }

    private static Map<String, Object> certificate(SigningKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("notBefore", key.notBefore().toString());
        json.put("notAfter", key.notAfter().toString());
        json.put("sha256Fingerprint", key.sha256Fingerprint());
        json.put("pem", key.pem());
        return json;
    }
}
