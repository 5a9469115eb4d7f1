package io.gatehouse.sso.rest;

import io.gatehouse.sso.config.SpUrls;
import io.gatehouse.sso.config.SsoConfig;
import io.gatehouse.sso.domain.ReturnPaths;
import io.gatehouse.sso.domain.Session;
import io.gatehouse.sso.domain.Sessions;
import io.gatehouse.sso.domain.StartLogin;
import io.gatehouse.sso.domain.Tokens;
import io.gatehouse.sso.saml.validation.ErrorCode;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Optional;

/** "Sign in with SSO" (SP-initiated login), the signed-in landing page {@code /app}, and sign-out. */
@Path("/")
@Blocking
public class LoginResource {
    private static final Logger LOG = Logger.getLogger(LoginResource.class);
    static final String NOT_AVAILABLE = "Single sign-on is not available for this email address. "
            + "Check the address, or ask your administrator how to sign in.";

    private final StartLogin startLogin;
    private final Sessions sessions;
    private final SsoConfig config;
    private final SpUrls urls;

    public LoginResource(StartLogin startLogin, Sessions sessions, SsoConfig config, SpUrls urls) {
        this.startLogin = startLogin;
        this.sessions = sessions;
        this.config = config;
        this.urls = urls;
    }

    @GET
    @Path("/sso/login")
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("returnTo") String returnTo) {
        return html(200, Pages.login(null, ReturnPaths.validate(returnTo)));
    }

    @POST
    @Path("/sso/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response start(@FormParam("email") String email, @FormParam("returnTo") String returnTo,
                          @Context HttpHeaders headers) {
        if (email == null || email.length() > 320) {
            return html(400, Pages.login(NOT_AVAILABLE, null));
        }
        StartLogin.Outcome outcome = startLogin.forEmail(email, returnTo, LoginBindingCookie.read(headers, urls));
        if (outcome instanceof StartLogin.PlanRequired plan) {
            String reference = Tokens.reference();
            LOG.infof("SSO login start refused: account %s is not on a plan with SSO (code plan, reference %s)",
                    plan.accountId(), reference);
            return SamlResource.errorPage(ErrorCode.PLAN, reference);
        }
        if (!(outcome instanceof StartLogin.Started started)) {
            // the same neutral answer for unknown domains, unverified domains and disabled SSO
            return html(200, Pages.login(NOT_AVAILABLE, ReturnPaths.validate(returnTo)));
        }
        StartLogin.LoginStart s = started.start();
        NewCookie binding = LoginBindingCookie.of(s.browserNonce(), urls, config);
        if (s.binding() == io.gatehouse.sso.domain.SsoConnection.Binding.REDIRECT) {
            return Response.status(302).location(URI.create(s.redirectUrl())).cookie(binding)
                    .header("Cache-Control", "no-store").build();
        }
        return Response.fromResponse(html(200, Pages.autopost(s.idpSsoUrl(), s.postValue(), s.relayState())))
                .cookie(binding).build();
    }

    @GET
    @Path("/app")
    @Produces(MediaType.TEXT_HTML)
    public Response app(@CookieParam("GH_SESSION") String cookie) {
        Optional<Session> session = sessions.resolve(cookie);
        if (session.isEmpty()) {
            return Response.seeOther(URI.create("/sso/login?returnTo=/app")).build();
        }
        Session s = session.get();
        return html(200, Pages.app(s.email, s.role.name(), s.accountId, s.userId, s.expiresAt().toString(),
                ConsoleSessions.isAdmin(s)));
    }

    @POST
    @Path("/sso/logout")
    public Response logout(@CookieParam("GH_SESSION") String cookie) {
        sessions.end(cookie, "logout");
        NewCookie cleared = SamlResource.sessionCookie(config, urls, "", 0);
        return Response.seeOther(URI.create("/sso/login")).cookie(cleared).build();
    }

    private static Response html(int status, Object entity) {
        return HtmlPages.signIn(status, entity);
    }
}
