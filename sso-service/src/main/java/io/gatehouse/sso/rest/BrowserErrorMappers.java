package io.gatehouse.sso.rest;

import io.gatehouse.platform.problem.MalformedRequest;
import io.gatehouse.platform.problem.ProblemMappers;
import io.gatehouse.sso.domain.Tokens;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A malformed request (issue 15 point 7: invalid percent-encoding, unknown charset, repeated field, unreadable
 * query) on a browser endpoint gets the HTML refusal page with a reference id and a 400; on the API
 * ({@code /api/…}, {@code /console/api/…}) and for every other failure the platform's problem+json mappers answer.
 */
public class BrowserErrorMappers {
    private static final Logger LOG = Logger.getLogger(BrowserErrorMappers.class);
    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper(priority = 100)
    public Response malformed(MalformedRequest e, HttpServerRequest request) {
        return isApi(request) ? problems.malformed(e) : page(request, e.getMessage());
    }

    @ServerExceptionMapper(priority = 100)
    public Response illegalArgument(IllegalArgumentException e, HttpServerRequest request) {
        if (isApi(request) || !MalformedRequest.isDecodingFailure(e)) {
            return problems.illegalArgument(e);
        }
        return page(request, "the request could not be decoded");
    }

    @ServerExceptionMapper(priority = 100)
    public Response web(WebApplicationException e, HttpServerRequest request) {
        if (isApi(request) || e.getResponse() == null || e.getResponse().getStatus() != 400) {
            return problems.web(e);
        }
        return page(request, "the request could not be read");
    }

    private static boolean isApi(HttpServerRequest request) {
        String path = request.path() == null ? "" : request.path();
        return path.startsWith("/api/") || path.startsWith("/console/api/") || path.startsWith("/q/");
    }

    private static Response page(HttpServerRequest request, String reason) {
        String reference = Tokens.reference();
        LOG.infof(
                "malformed request to %s refused: %s (code malformed_request, reference %s)",
                request.path(), reason, reference);
        return HtmlPages.signIn(
                400,
                Pages.error(
                        "Malformed request",
                        "The request could not be read. Open this application's sign-in page and try again.",
                        reference));
    }
}
