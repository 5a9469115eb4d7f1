package io.gatehouse.sso.rest;

import io.gatehouse.platform.auth.Caller;
import io.gatehouse.platform.problem.ApiException;
import io.gatehouse.sso.config.SpUrls;
import io.gatehouse.sso.config.SsoConfig;
import io.gatehouse.sso.domain.IssueToken;
import io.gatehouse.sso.domain.Session;
import io.gatehouse.sso.domain.Sessions;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The current session (cookie or bearer JWT), short-lived account JWTs, sign-out. */
@Tag(
        name = "Session",
        description = "The signed-in console user (GH_SESSION cookie) and the account JWTs minted for it")
@SecurityRequirement(name = "sessionCookie")
@Path("/api/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
    private final Sessions sessions;
    private final IssueToken issueToken;
    private final Caller caller;
    private final SsoConfig config;
    private final SpUrls urls;

    public SessionResource(Sessions sessions, IssueToken issueToken, Caller caller, SsoConfig config, SpUrls urls) {
        this.sessions = sessions;
        this.issueToken = issueToken;
        this.caller = caller;
        this.config = config;
        this.urls = urls;
    }

    public record SessionView(String accountId, String userId, String email, String role, Instant expiresAt) {}

    public record TokenView(String token, String tokenType, Instant expiresAt) {}

    @Operation(summary = "The signed-in user of this browser session")
    @APIResponseSchema(SessionView.class)
    @APIResponse(responseCode = "401", description = "`unauthorized`: no active session")
    @GET
    public SessionView get(@CookieParam("GH_SESSION") String cookie) {
        if (cookie != null) {
            var session = sessions.resolve(cookie);
            if (session.isPresent()) {
                Session s = session.get();
                return new SessionView(
                        s.accountId(), s.userId(), s.email(), s.role().name(), s.expiresAt());
            }
        }
        var identity = caller.identity().filter(i -> !i.operator());
        if (identity.isPresent()) {
            var i = identity.get();
            return new SessionView(
                    i.accountId(), i.userId(), i.email(), i.role().name(), null);
        }
        throw ApiException.unauthorized("no active session");
    }

    @Operation(summary = "Mint an account JWT for the session user (audience: this console, or ?audience= one API)")
    @APIResponseSchema(TokenView.class)
    @APIResponse(responseCode = "400", description = "`audience_unknown`: not one of the API audiences")
    @APIResponse(
            responseCode = "401",
            description = "`unauthorized`: no active session; `user_revoked`: the user's " + "access was revoked")
    @APIResponse(
            responseCode = "409",
            description = "`user_not_provisioned`: user-service has not announced the "
                    + "user yet; `role_changing`: a role change is in flight")
    @POST
    @Path("/token")
    public TokenView token(@CookieParam("GH_SESSION") String cookie, @QueryParam("audience") String audience) {
        Session session = sessions.resolve(cookie).orElseThrow(() -> ApiException.unauthorized("no active session"));
        IssueToken.Token token;
        if (audience == null) {
            token = issueToken.forSession(session);
        } else if (issueToken.apiAudiences().contains(audience)) {
            token = issueToken.forSession(session, List.of(audience));
        } else {
            throw new ApiException(400, "audience_unknown", "audience must be one of " + issueToken.apiAudiences());
        }
        return new TokenView(token.token(), "Bearer", token.expiresAt());
    }

    @Operation(summary = "End the session and clear its cookie")
    @APIResponse(responseCode = "204", description = "session ended")
    @POST
    @Path("/logout")
    public Response logout(@CookieParam("GH_SESSION") String cookie) {
        sessions.end(cookie, "logout");
        return Response.noContent()
                .cookie(SamlResource.sessionCookie(config, urls, "", 0))
                .build();
    }
}
