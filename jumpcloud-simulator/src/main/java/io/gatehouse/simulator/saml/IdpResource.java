package io.gatehouse.simulator.saml;

import io.gatehouse.simulator.config.SimulatorConfig;
import io.gatehouse.simulator.domain.Directory;
import io.gatehouse.simulator.domain.Resolved;
import io.gatehouse.simulator.domain.SimApp;
import io.gatehouse.simulator.domain.SimException;
import io.gatehouse.simulator.domain.SimUser;
import io.gatehouse.simulator.rest.HtmlPages;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * The SAML IdP of each app at {@code /saml2/{appName}}, like {@code https://sso.jumpcloud.com/saml2/<app name>}.
 * Logging in is an email form (no password). For tests without a browser: {@code POST /saml2/{app}/login} with
 * form fields, or {@code GET /saml2/{app}?email=…&auto=1}; send {@code Accept: application/json} to get
 * {@code {"acsUrl","SAMLResponse","RelayState"}} instead of the auto-submitting form.
 */
@Path("/saml2/{appName}")
public class IdpResource {

    private static final Logger LOG = Logger.getLogger(IdpResource.class);
    private static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";
    static final int MAX_RELAY_STATE = 1024;

    private final Directory directory;
    private final AuthnRequestDecoder decoder;
    private final SamlResponseFactory responses;
    private final IdpMetadataFactory metadata;
    private final SimulatorConfig config;

    public IdpResource(
            Directory directory,
            AuthnRequestDecoder decoder,
            SamlResponseFactory responses,
            IdpMetadataFactory metadata,
            SimulatorConfig config) {
        this.directory = directory;
        this.decoder = decoder;
        this.responses = responses;
        this.metadata = metadata;
        this.config = config;
    }

    @GET
    @Produces({HTML, MediaType.APPLICATION_JSON})
    @Operation(summary = "SSO URL: HTTP-Redirect AuthnRequest or IdP-initiated; shows the login form")
    public Response redirectBinding(
            @PathParam("appName") String appName,
            @QueryParam("SAMLRequest") String samlRequest,
            @QueryParam("RelayState") String relayState,
            @QueryParam("email") String email,
            @QueryParam("auto") String auto,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        return start(appName, samlRequest, relayState, email, auto, accept);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({HTML, MediaType.APPLICATION_JSON})
    @Operation(summary = "SSO URL: HTTP-POST AuthnRequest; shows the login form")
    public Response postBinding(
            @PathParam("appName") String appName,
            @FormParam("SAMLRequest") String samlRequest,
            @FormParam("RelayState") String relayState,
            @FormParam("email") String email,
            @FormParam("auto") String auto,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        return start(appName, samlRequest, relayState, email, auto, accept);
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({HTML, MediaType.APPLICATION_JSON})
    @Operation(summary = "Log in with an email; answers the auto-submitting form posting SAMLResponse to the ACS")
    public Response login(
            @PathParam("appName") String appName,
            @FormParam("email") String email,
            @FormParam("SAMLRequest") String samlRequest,
            @FormParam("RelayState") String relayState,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        SimApp app = app(appName);
        PendingRequest pending = pending(app, samlRequest);
        checkRelayState(relayState);
        return issue(app, email, pending, relayState, wantsJson(accept));
    }

    @GET
    @Path("/metadata")
    @Produces(MediaType.APPLICATION_XML)
    @Operation(summary = "IdP metadata as JumpCloud exports it")
    public Response metadata(@PathParam("appName") String appName) {
        return Response.ok(metadata.create(app(appName), config.publicUrl()), "application/samlmetadata+xml")
                .header("Content-Disposition", "inline; filename=\"JumpCloud-" + appName + "-metadata.xml\"")
                .build();
    }

    private Response start(
            String appName, String samlRequest, String relayState, String email, String auto, String accept) {
        SimApp app = app(appName);
        PendingRequest pending = pending(app, samlRequest);
        checkRelayState(relayState);
        if (email != null && !email.isBlank() && ("1".equals(auto) || "true".equalsIgnoreCase(auto))) {
            return issue(app, email, pending, relayState, wantsJson(accept));
        }
        String form = HtmlPages.loginForm(
                app.settings().displayLabel(), "/saml2/" + app.settings().name() + "/login", samlRequest, relayState);
        return Response.ok(form, HTML).build();
    }

    private Response issue(SimApp app, String email, PendingRequest pending, String relayState, boolean json) {
        Optional<SimUser> user = directory.userByEmail(email);
        if (user.isEmpty() || !directory.mayUseApp(app.id(), user.get())) {
            LOG.infof(
                    "refused SAML login to app %s: user not recognized",
                    app.settings().name());
            return Response.status(403)
                    .type(HTML)
                    .entity(HtmlPages.userNotRecognized())
                    .build();
        }
        String samlResponse =
                responses.create(app, user.get(), pending == null ? null : pending.id(), groupNames(app, user.get()));
        LOG.infof(
                "issued SAML response for app %s (%s)",
                app.settings().name(), pending == null ? "IdP-initiated" : "SP-initiated");
        String acsUrl = app.settings().acsUrl();
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("acsUrl", acsUrl);
            body.put("SAMLResponse", samlResponse);
            body.put("RelayState", relayState);
            return Response.ok(body, MediaType.APPLICATION_JSON).build();
        }
        return Response.ok(HtmlPages.postBinding(acsUrl, samlResponse, relayState), HTML)
                .header("Cache-Control", "no-store")
                .build();
    }

    private List<String> groupNames(SimApp app, SimUser user) {
        String attribute = app.settings().groupAttributeName();
        if (attribute == null || attribute.isBlank()) {
            return List.of();
        }
        Resolved appGroups = directory.appGroups(app.id());
        List<String> names = new ArrayList<>();
        for (String groupId : directory.groupsOfUser(user.id()).ids()) {
            if (appGroups.contains(groupId)) {
                directory.group(groupId).ifPresent(g -> names.add(g.name()));
            }
        }
        return names;
    }

    private PendingRequest pending(SimApp app, String samlRequest) {
        if (samlRequest == null || samlRequest.isBlank()) {
            return null;
        }
        PendingRequest pending = decoder.decode(samlRequest);
        if (pending.issuer() != null && !pending.issuer().equals(app.settings().spEntityId())) {
            throw new SimException(
                    400, "issuer_mismatch", "The SAML request's Issuer does not match the application's SP Entity ID.");
        }
        return pending;
    }

    private static void checkRelayState(String relayState) {
        if (relayState != null && relayState.length() > MAX_RELAY_STATE) {
            throw new SimException(400, "relay_state_too_long", "RelayState is too long.");
        }
    }

    private SimApp app(String appName) {
        return directory
                .appByName(appName)
                .orElseThrow(() -> new SimException(404, "not_found", "No application is configured at this URL."));
    }

    private static boolean wantsJson(String accept) {
        return accept != null && accept.contains(MediaType.APPLICATION_JSON) && !accept.contains(MediaType.TEXT_HTML);
    }
}
