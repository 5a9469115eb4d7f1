package io.gatehouse.simulator.rest;

import com.fasterxml.jackson.core.JacksonException;
import io.gatehouse.simulator.domain.SimException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * One error style per surface: JumpCloud's {@code {"message": ...}} under {@code /api}, RFC 9457 problem+json
 * with a stable {@code code} under {@code /sim}, a plain HTML page under {@code /saml2}. Never a stack trace.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response simException(SimException e, UriInfo uri) {
        return render(uri, e.status(), e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response badJson(JacksonException e, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SimException sim) {
                return render(uri, sim.status(), sim.code(), sim.getMessage());
            }
        }
        return render(uri, 400, "malformed_json", "the body is not valid JSON for this endpoint");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SimException sim) {
                return render(uri, sim.status(), sim.code(), sim.getMessage());
            }
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException) {
                return render(uri, 400, "malformed_json", "the body is not valid JSON for this endpoint");
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.warnf("request failed with %d: %s", status, e.getClass().getSimpleName());
        }
        String code = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "client_error";
        };
        String detail = status >= 500
                ? "internal error"
                : Response.Status.fromStatusCode(status) == null
                        ? "request refused"
                        : Response.Status.fromStatusCode(status).getReasonPhrase();
        return render(uri, status, code, detail);
    }

    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e, UriInfo uri) {
        return render(uri, 400, "validation_failed", e.getMessage() == null ? "invalid input" : e.getMessage());
    }

    static Response render(UriInfo uri, int status, String code, String detail) {
        String path = uri == null ? "" : uri.getPath();
        if (path.startsWith("/api/") || path.equals("/api")) {
            return Response.status(status)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of(
                            "message",
                            Response.Status.fromStatusCode(status) == null
                                    ? detail
                                    : Response.Status.fromStatusCode(status).getReasonPhrase() + ": " + detail))
                    .build();
        }
        if (path.startsWith("/saml2/")) {
            return Response.status(status)
                    .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(HtmlPages.error(status == 403 ? "User not recognized" : "Error", detail))
                    .build();
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put(
                "title",
                Response.Status.fromStatusCode(status) == null
                        ? "Error"
                        : Response.Status.fromStatusCode(status).getReasonPhrase());
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("code", code);
        return Response.status(status)
                .type("application/problem+json")
                .entity(problem)
                .build();
    }
}
