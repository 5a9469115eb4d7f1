package io.gatehouse.platform.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.gatehouse.platform.domain.DomainException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into problem+json: API errors and domain refusals with their code, malformed or wrongly
 * typed JSON as 400, JAX-RS errors (404, 405, 406, 415, ...) with a code named after the status, and anything
 * unexpected as a 500 with a reference id (logged) and no internals.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return Problem.response(e.status(), e.code(), e.getMessage());
    }

    /** A use case's refusal: its code as is, the status from its kind. */
    @ServerExceptionMapper
    public Response domain(DomainException e) {
        return Problem.response(status(e.kind()), e.code(), e.getMessage());
    }

    public static int status(DomainException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UPSTREAM_FAILED -> 502;
            case BUSY -> 503;
        };
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatched(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        // the offending value is never echoed: it may be a secret sent in the wrong field
        String what = e instanceof InvalidFormatException
                ? "not a valid value"
                : e instanceof UnrecognizedPropertyException ? "unknown property" : "wrong type or shape";
        return Problem.response(400, "invalid_body", (path.isEmpty() ? "body" : "field '" + path + "'") + ": " + what);
    }

    @ServerExceptionMapper
    public Response malformed(MalformedRequest e) {
        return Problem.response(400, "malformed_request", e.getMessage());
    }

    /** Request decoding failures ({@link MalformedRequest#isDecodingFailure}) are a 400; any other is a bug. */
    @ServerExceptionMapper(priority = 200)
    public Response illegalArgument(IllegalArgumentException e) {
        if (MalformedRequest.isDecodingFailure(e)) {
            return Problem.response(400, "malformed_request", "the request could not be decoded");
        }
        return unexpected(e);
    }

    @ServerExceptionMapper(priority = 1)
    public Response parse(JsonParseException e) {
        return Problem.response(400, "malformed_json", "the body is not valid JSON");
    }

    @ServerExceptionMapper(priority = 2)
    public Response json(JsonProcessingException e) {
        return Problem.response(400, "malformed_json", "the body could not be read as JSON");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof MismatchedInputException mie) {
                return mismatched(mie);
            }
            if (t instanceof JsonProcessingException) {
                return Problem.response(400, "malformed_json", "the body is not valid JSON");
            }
        }
        if (status >= 500) {
            return unexpected(e);
        }
        String code = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
        String detail = status == 404 ? "no such resource" : Problem.title(status);
        return Problem.response(status, code, detail);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        String ref = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error, reference %s", ref);
        return Problem.response(500, "internal_error", "unexpected error; reference " + ref);
    }
}
