package io.gatehouse.sso.rest;

import io.gatehouse.platform.problem.ApiException;
import io.gatehouse.platform.problem.Problem;
import io.gatehouse.sso.client.ConsoleUpstreams;
import io.gatehouse.sso.client.ConsoleUpstreams.Upstream;
import io.gatehouse.sso.domain.IssueToken;
import io.gatehouse.sso.domain.Session;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The console API proxy: the admin pages call {@code /console/api/{users|directory|sso}/accounts/{account}/…} with
 * the HttpOnly session cookie and the header {@code X-Gatehouse-Console: 1}; the call is forwarded to
 * user-service, directory-service or this service's own {@code /api/…} with a freshly minted account JWT of the
 * session. Only ADMIN/OWNER sessions, only paths of the session's own account.
 */
@Path("/console/api/{service}/{rest: .+}")
@Blocking
public class ConsoleApiResource {
    /** The header every console API call must carry (a cross-site form or image cannot set it). */
    public static final String CSRF_HEADER = "X-Gatehouse-Console";

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~@+:-]{1,253}");
    private static final Pattern QUERY = Pattern.compile("[A-Za-z0-9._~%+=&-]{0,2048}");
    private static final Set<String> BODY_TYPES =
            Set.of("application/json", "application/xml", "text/xml", "application/samlmetadata+xml", "text/plain");

    private final ConsoleSessions sessions;
    private final IssueToken issueToken;
    private final ConsoleUpstreams upstreams;

    public ConsoleApiResource(ConsoleSessions sessions, IssueToken issueToken, ConsoleUpstreams upstreams) {
        this.sessions = sessions;
        this.issueToken = issueToken;
        this.upstreams = upstreams;
    }

    @GET
    public Response get(
            @PathParam("service") String service,
            @CookieParam("GH_SESSION") String cookie,
            @Context HttpHeaders headers,
            @Context UriInfo uri) {
        return forward("GET", service, cookie, headers, uri, null);
    }

    @DELETE
    public Response delete(
            @PathParam("service") String service,
            @CookieParam("GH_SESSION") String cookie,
            @Context HttpHeaders headers,
            @Context UriInfo uri) {
        return forward("DELETE", service, cookie, headers, uri, null);
    }

    @POST
    public Response post(
            @PathParam("service") String service,
            @CookieParam("GH_SESSION") String cookie,
            @Context HttpHeaders headers,
            @Context UriInfo uri,
            byte[] body) {
        return forward("POST", service, cookie, headers, uri, body);
    }

    @PUT
    public Response put(
            @PathParam("service") String service,
            @CookieParam("GH_SESSION") String cookie,
            @Context HttpHeaders headers,
            @Context UriInfo uri,
            byte[] body) {
        return forward("PUT", service, cookie, headers, uri, body);
    }

    @PATCH
    public Response patch(
            @PathParam("service") String service,
            @CookieParam("GH_SESSION") String cookie,
            @Context HttpHeaders headers,
            @Context UriInfo uri,
            byte[] body) {
        return forward("PATCH", service, cookie, headers, uri, body);
    }

    private Response forward(
            String method, String service, String cookie, HttpHeaders headers, UriInfo uri, byte[] body) {
        requireConsoleHeaders(headers);
        Session session = sessions.current(cookie)
                .orElseThrow(() -> ApiException.unauthorized("sign in again: the session has ended"));
        if (!ConsoleSessions.isAdmin(session)) {
            throw ApiException.forbidden("an account admin is required");
        }
        Upstream upstream = upstream(service);
        String path = accountPath(uri.getRequestUri().getRawPath(), service, session.accountId());
        String query = uri.getRequestUri().getRawQuery();
        if (query != null && !QUERY.matcher(query).matches()) {
            throw ApiException.validation("the query string has characters the console does not send");
        }
        String contentType = contentType(headers, body);
        String token = issueToken
                .forSession(session, List.of(upstreams.audience(upstream)))
                .token();
        try {
            ConsoleUpstreams.Answer answer = upstreams.send(upstream, method, path, query, contentType, body, token);
            Response.ResponseBuilder response = Response.status(answer.status()).header("Cache-Control", "no-store");
            if (answer.body() != null && answer.body().length > 0) {
                response.entity(answer.body())
                        .type(answer.contentType() == null ? MediaType.APPLICATION_OCTET_STREAM : answer.contentType());
            }
            return response.build();
        } catch (ConsoleUpstreams.UnavailableException e) {
            return e.timeout()
                    ? Problem.response(504, "upstream_timeout", e.getMessage() + "; try again in a moment")
                    : Problem.response(502, "upstream_unavailable", e.getMessage() + "; try again in a moment");
        }
    }

    /** CSRF defence: the custom header (forces a CORS preflight cross-site, which nothing here allows). */
    static void requireConsoleHeaders(HttpHeaders headers) {
        if (!"1".equals(headers.getHeaderString(CSRF_HEADER))) {
            throw new ApiException(
                    403, "console_header_required", "console API calls must carry the header " + CSRF_HEADER + ": 1");
        }
        String site = headers.getHeaderString("Sec-Fetch-Site");
        if ("cross-site".equals(site)) {
            throw new ApiException(403, "console_header_required", "cross-site console API calls are refused");
        }
    }

    static Upstream upstream(String service) {
        return switch (service) {
            case "users" -> Upstream.USERS;
            case "directory" -> Upstream.DIRECTORY;
            case "sso" -> Upstream.SSO;
            default -> throw ApiException.notFound("no such console API: " + service);
        };
    }

    /** The still-encoded path after {@code /console/api/<service>/}, checked to be of the session's account. */
    static String accountPath(String rawPath, String service, String accountId) {
        String prefix = "/console/api/" + service + "/";
        int at = rawPath.indexOf(prefix);
        if (at < 0) {
            throw ApiException.notFound("no such console API");
        }
        String path = rawPath.substring(at + prefix.length());
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw ApiException.validation("the console API path has an empty, dot or encoded segment");
            }
        }
        if (segments.length < 2 || !segments[0].equals("accounts") || !segments[1].equals(accountId)) {
            throw ApiException.forbidden("the console only reaches the signed-in account");
        }
        return path;
    }

    static String contentType(HttpHeaders headers, byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        MediaType type = headers.getMediaType();
        String base = type == null ? null : (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
        if (base == null || !BODY_TYPES.contains(base)) {
            throw new ApiException(415, "unsupported_media_type", "send JSON (or the IdP metadata as XML)");
        }
        return base + "; charset=UTF-8";
    }
}
