package io.gatehouse.sso.rest;

import io.gatehouse.sso.config.SpUrls;
import io.gatehouse.sso.config.SsoConfig;
import io.gatehouse.sso.domain.AcsResult;
import io.gatehouse.sso.domain.ConsumeSamlResponse;
import io.gatehouse.sso.domain.SessionSwitch;
import io.gatehouse.sso.domain.StartLogin;
import io.gatehouse.sso.saml.SamlMessages;
import io.gatehouse.sso.saml.validation.ErrorCategory;
import io.gatehouse.sso.saml.validation.ErrorCode;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import java.util.regex.Pattern;

/** The SAML SP endpoints of an account: metadata, the Assertion Consumer Service (POST only), test start page. */
@Path("/saml/{accountId}")
@Blocking
public class SamlResource {
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final ConsumeSamlResponse acs;
    private final SessionSwitch sessionSwitch;
    private final StartLogin startLogin;
    private final SpUrls urls;
    private final SsoConfig config;
    private final Clock clock;

    public SamlResource(
            ConsumeSamlResponse acs,
            SessionSwitch sessionSwitch,
            StartLogin startLogin,
            SpUrls urls,
            SsoConfig config,
            Clock clock) {
        this.acs = acs;
        this.sessionSwitch = sessionSwitch;
        this.startLogin = startLogin;
        this.urls = urls;
        this.config = config;
        this.clock = clock;
    }

    @GET
    @Path("/metadata")
    @Produces("application/samlmetadata+xml")
    public Response metadata(@PathParam("accountId") String accountId) {
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            return Response.status(404).build();
        }
        return Response.ok(SamlMessages.spMetadata(urls.spEntityId(accountId), urls.acsUrl(accountId)))
                .build();
    }

    @POST
    @Path("/acs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response acs(@PathParam("accountId") String accountId, byte[] body, @Context HttpHeaders headers) {
        // read before the account check, so a malformed body is refused the same way for every path
        AcsForm.Fields form = AcsForm.parse(body, charset(headers));
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            return errorPage(ErrorCode.ACCOUNT, "-");
        }
        SessionSwitch.Current current = sessionSwitch
                .current(SessionCookies.session(headers, config), SessionCookies.presence(headers, urls))
                .orElse(null);
        AcsResult result = acs.consume(
                accountId, form.samlResponse(), form.relayState(), LoginBindingCookie.read(headers, urls), current);
        if (result instanceof AcsResult.LoggedIn in) {
            return loggedIn(config, urls, in.rawSessionId(), in.rawPresence(), in.returnPath());
        }
        if (result instanceof AcsResult.SwitchPending switching) {
            SessionSwitch.Pending p = switching.pending();
            return HtmlPages.signIn(
                    200,
                    Pages.switchSession(
                            p.current().email(), p.current().accountName(), p.email(), p.accountName(), p.token()));
        }
        if (result instanceof AcsResult.TestCompleted test) {
            return HtmlPages.signIn(200, Pages.testDone(test.passed(), String.valueOf(test.testId())));
        }
        AcsResult.Refused refused = (AcsResult.Refused) result;
        return errorPage(refused.code(), refused.referenceId());
    }

    @GET
    @Path("/test/{testId}")
    @Produces(MediaType.TEXT_HTML)
    public Response testStart(@PathParam("accountId") String accountId, @PathParam("testId") String testId) {
        UUID id;
        try {
            id = UUID.fromString(testId);
        } catch (IllegalArgumentException e) {
            return Response.status(404).build();
        }
        return startLogin
                .resumeTest(accountId, id)
                .map(start ->
                        HtmlPages.signIn(200, Pages.autopost(start.idpSsoUrl(), start.postValue(), start.relayState())))
                .orElse(Response.status(404)
                        .entity("This test has finished or expired; start a new one.")
                        .type(MediaType.TEXT_PLAIN)
                        .build());
    }

    /** The Content-Type's charset ({@code RequestCharsets} has refused an unknown one), UTF-8 when none. */
    private static Charset charset(HttpHeaders headers) {
        MediaType type = headers.getMediaType();
        String name = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        return name == null ? StandardCharsets.UTF_8 : Charset.forName(name.trim());
    }

    static Response errorPage(ErrorCode code, String reference) {
        ErrorCategory category = code.category();
        int status = category == ErrorCategory.USER_NOT_RECOGNIZED || category == ErrorCategory.PLAN_NOT_AVAILABLE
                ? 403
                : 400;
        return HtmlPages.signIn(status, Pages.error(category.title(), code.personFix(), reference));
    }

    static NewCookie sessionCookie(SsoConfig config, SpUrls urls, String value, int maxAge) {
        return SessionCookies.session(config, urls, value, maxAge);
    }

    /** 303 to the return path with the new session and presence cookies. */
    static Response loggedIn(SsoConfig config, SpUrls urls, String rawSession, String rawPresence, String returnPath) {
        int maxAge = (int)
                Math.min(Integer.MAX_VALUE, config.session().absoluteTimeout().toSeconds());
        return Response.seeOther(URI.create(returnPath))
                .cookie(
                        sessionCookie(config, urls, rawSession, maxAge),
                        SessionCookies.presence(urls, rawPresence, maxAge))
                .header("Cache-Control", "no-store")
                .build();
    }
}
