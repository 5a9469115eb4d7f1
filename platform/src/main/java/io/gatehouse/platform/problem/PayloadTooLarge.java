package io.gatehouse.platform.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Requests over {@code quarkus.http.limits.max-body-size} are refused by Vert.x before JAX-RS sees them, with an
 * empty 413. This answers them as problem+json ({@code payload_too_large}) like every other error: a request
 * whose {@code Content-Length} is over the limit is refused before its body is read (and the connection closed,
 * as the unread body cannot be skipped), and a 413 raised while a chunked body is read gets the same body if
 * nothing was written yet.
 */
@ApplicationScoped
public class PayloadTooLarge {
    static final String CODE = "payload_too_large";
    private static final long QUARKUS_DEFAULT = 10240L * 1024;

    private final long limit;

    public PayloadTooLarge(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
        this.limit = limit.map(MemorySize::asLongValue).orElse(QUARKUS_DEFAULT);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkDeclaredLength);
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                refuse(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private void checkDeclaredLength(RoutingContext ctx) {
        String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) {
                    refuse(ctx);
                    return;
                }
            } catch (NumberFormatException e) {
                // a malformed Content-Length is Vert.x's to reject
            }
        }
        ctx.next();
    }

    private void refuse(RoutingContext ctx) {
        String body = "{\"type\":\"urn:gatehouse:problem:" + CODE
                + "\",\"title\":\"Request Entity Too Large\",\"status\":413,"
                + "\"detail\":\"the request body is larger than the " + limit
                + " bytes this endpoint accepts\",\"code\":\"" + CODE + "\"}";
        ctx.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
