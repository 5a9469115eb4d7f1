package io.gatehouse.sso.rest;

import io.gatehouse.platform.limits.AbuseLimits;
import io.gatehouse.platform.limits.EndpointClass;
import io.gatehouse.platform.limits.TokenBuckets;
import io.gatehouse.sso.config.SpUrls;
import io.gatehouse.sso.config.SsoConfig;
import io.gatehouse.sso.domain.ReturnPaths;
import io.gatehouse.sso.domain.Session;
import io.gatehouse.sso.domain.SessionSwitch;
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
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** "Sign in with SSO" (SP-initiated login), the signed-in landing page {@code /app}, and sign-out. */
@Path("/")
@Blocking
public class LoginResource {
    private static final Logger LOG = Logger.getLogger(LoginResource.class);
    static final String NOT_AVAILABLE = "Single sign-on is not available for this email address. "
            + "Check the address, or ask your administrator how to sign in.";

    private final StartLogin startLogin;
    private final Sessions sessions;
    private final SessionSwitch sessionSwitch;
    private final SsoConfig config;
    private final SpUrls urls;
    private final AbuseLimits limits;

    public LoginResource(
            StartLogin startLogin,
            Sessions sessions,
            SessionSwitch sessionSwitch,
            SsoConfig config,
            SpUrls urls,
            AbuseLimits limits) {
        this.limits = limits;
        this.startLogin = startLogin;
        this.sessions = sessions;
        this.sessionSwitch = sessionSwitch;
        this.config = config;
        this.urls = urls;
    }

    @GET
    @Path("/sso/login")
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("returnTo") String returnTo, @Context HttpHeaders headers) {
        return loginPage(200, null, ReturnPaths.validate(returnTo), headers);
    }

    /** The sign-in page with its form token, and the form cookie that goes with it (see {@link SameOriginForms}). */
    private Response loginPage(int status, String message, String returnTo, HttpHeaders headers) {
        String token = SameOriginForms.tokenFor(headers, urls);
        return Response.fromResponse(html(status, Pages.login(message, returnTo, token)))
                .cookie(SameOriginForms.cookie(token, urls))
                .build();
    }

    /** A form posted here from another site: 403, nothing started (login CSRF, issue 15 point 4). */
    static Response crossSiteRefused(String form) {
        String reference = Tokens.reference();
        LOG.infof("%s refused: posted from another site (code cross_site_form, reference %s)", form, reference);
        return HtmlPages.signIn(
                403,
                Pages.error(
                        "Request sent from another site",
                        "This sign-in form was submitted from another website. Open this application's sign-in page "
                                + "yourself and try again.",
                        reference));
    }

    @POST
    @Path("/sso/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response start(
            @FormParam("email") List<String> emailField,
            @FormParam("returnTo") List<String> returnToField,
            @FormParam(SameOriginForms.FIELD) List<String> csrfField,
            @Context HttpHeaders headers) {
        String email = FormFields.single(emailField);
        String returnTo = FormFields.single(returnToField);
        if (!SameOriginForms.allowed(headers, urls, FormFields.single(csrfField))) {
            return crossSiteRefused("POST /sso/login");
        }
        if (email == null || email.length() > 320) {
            return loginPage(400, NOT_AVAILABLE, null, headers);
        }
        // the per-address limit was taken by the platform filter; the account is the email's domain
        TokenBuckets.Decision allowed = limits.tryAccount(
                EndpointClass.LOGIN, email.substring(email.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT));
        if (!allowed.allowed()) {
            return Response.fromResponse(html(429, limits.page(allowed.retryAfterSeconds())))
                    .header("Retry-After", allowed.retryAfterSeconds())
                    .build();
        }
        StartLogin.Outcome outcome = startLogin.forEmail(email, returnTo, LoginBindingCookie.read(headers, urls));
        if (outcome instanceof StartLogin.PlanRequired plan) {
            String reference = Tokens.reference();
            LOG.infof(
                    "SSO login start refused: account %s is not on a plan with SSO (code plan, reference %s)",
                    plan.accountId(), reference);
            return SamlResource.errorPage(ErrorCode.PLAN, reference);
        }
        if (!(outcome instanceof StartLogin.Started started)) {
            // the same neutral answer for unknown domains, unverified domains and disabled SSO
            return loginPage(200, NOT_AVAILABLE, ReturnPaths.validate(returnTo), headers);
        }
        StartLogin.LoginStart s = started.start();
        NewCookie binding = LoginBindingCookie.of(s.browserNonce(), urls, config);
        if (s.binding() == io.gatehouse.sso.domain.SsoConnection.Binding.REDIRECT) {
            return Response.status(302)
                    .location(URI.create(s.redirectUrl()))
                    .cookie(binding)
                    .header("Cache-Control", "no-store")
                    .build();
        }
        return Response.fromResponse(html(200, Pages.autopost(s.idpSsoUrl(), s.postValue(), s.relayState())))
                .cookie(binding)
                .build();
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
        return html(
                200,
                Pages.app(
                        s.email(),
                        s.role().name(),
                        s.accountId(),
                        s.userId(),
                        s.expiresAt().toString(),
                        ConsoleSessions.isAdmin(s)));
    }

    @POST
    @Path("/sso/logout")
    public Response logout(@CookieParam("GH_SESSION") String cookie) {
        sessions.end(cookie, "logout");
        NewCookie cleared = SamlResource.sessionCookie(config, urls, "", 0);
        return Response.seeOther(URI.create("/sso/login"))
                .cookie(cleared, SessionCookies.presence(urls, "", 0))
                .build();
    }

    /**
     * The answer to the session switch page ({@link SessionSwitch}): {@code continue} ends the current session
     * and starts the held one; {@code cancel} (or anything else) keeps the current session. Same-origin only; the
     * token is bound to the session the browser holds, so it works nowhere else.
     */
    @POST
    @Path("/sso/switch")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response switchSession(
            @FormParam("token") List<String> tokenField,
            @FormParam("decision") List<String> decisionField,
            @Context HttpHeaders headers) {
        String token = FormFields.single(tokenField);
        String decision = FormFields.single(decisionField);
        if (SameOriginForms.crossSite(headers, urls)) {
            return crossSiteRefused("POST /sso/switch");
        }
        Optional<SessionSwitch.Current> current =
                sessionSwitch.current(SessionCookies.session(headers, config), SessionCookies.presence(headers, urls));
        if (!"continue".equals(decision)) {
            current.ifPresent(c -> sessionSwitch.cancel(token, c));
            return Response.seeOther(URI.create(current.isPresent() ? "/app" : "/sso/login"))
                    .header("Cache-Control", "no-store")
                    .build();
        }
        Optional<SessionSwitch.Switched> switched = current.flatMap(c -> sessionSwitch.confirm(token, c));
        if (switched.isEmpty()) {
            String reference = Tokens.reference();
            LOG.infof("session switch refused: unknown, expired or foreign token (reference %s)", reference);
            return HtmlPages.signIn(
                    400,
                    Pages.error(
                            "This confirmation has expired",
                            "The confirmation is no longer valid. Sign in again.",
                            reference));
        }
        SessionSwitch.Switched s = switched.get();
        return SamlResource.loggedIn(
                config, urls, s.created().rawId(), s.created().rawPresence(), s.returnPath());
    }

    private static Response html(int status, Object entity) {
        return HtmlPages.signIn(status, entity);
    }
}
