package io.gatehouse.platform.limits;

import io.gatehouse.platform.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The abuse limits of every service: a Vert.x route filter, ahead of JAX-RS and before the body is read, sorts
 * each request into an {@link EndpointClass}, takes a token from its client address bucket and from its account
 * bucket, and answers a refused request 429 with {@code Retry-After} — the HTML page for browser endpoints,
 * problem+json ({@code rate_limited}) for the APIs, SCIM error JSON for SCIM. Counted in
 * {@code gatehouse.abuse_limits.throttled{endpoint,limit}}. Configured by {@link AbuseLimitsConfig}.
 */
@ApplicationScoped
public class AbuseLimits {
    public static final String CODE = "rate_limited";
    static final String SCIM_MEDIA_TYPE = "application/scim+json";

    private final AbuseLimitsConfig config;
    private final TokenBuckets buckets;
    private final ThrottledPage page;
    private final MeterRegistry metrics;
    private final Map<String, Counter> throttled = new ConcurrentHashMap<>();

    public AbuseLimits(AbuseLimitsConfig config, Instance<ThrottledPage> pages, MeterRegistry metrics) {
        this.config = config;
        Map<EndpointClass, Limit> limits = new EnumMap<>(EndpointClass.class);
        for (EndpointClass e : EndpointClass.values()) {
            limits.put(e, Limit.of(config, e));
        }
        this.buckets = new TokenBuckets(limits, config.maxKeys(), Clock.systemUTC());
        this.page = pages.isResolvable() ? pages.get() : new ThrottledPage.Plain();
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        if (config.enabled()) {
            router.route().order(Integer.MIN_VALUE).handler(this::filter);
        }
    }

    /**
     * For a use case that learns the account only from the request body (login start: the email's domain): takes
     * a token of that account's bucket; the answer when refused is {@link #refusal}'s.
     */
    public TokenBuckets.Decision tryAccount(EndpointClass endpoint, String account) {
        if (!config.enabled() || account == null) {
            return new TokenBuckets.Decision(true, 0, null);
        }
        return counted(endpoint, buckets.tryAcquireAccount(endpoint, account));
    }

    /** The HTML page of a throttled browser request. */
    public String page(long retryAfterSeconds) {
        return page.html(retryAfterSeconds);
    }

    private void filter(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        EndpointClass.Match match = EndpointClass.classify(request.method().name(), ctx.normalizedPath());
        if (match == null) {
            ctx.next();
            return;
        }
        String address = ClientAddress.of(
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
                request.headers().getAll("X-Forwarded-For"),
                config.trustedProxyHops());
        TokenBuckets.Decision decision =
                counted(match.endpoint(), buckets.tryAcquire(match.endpoint(), address, match.account()));
        if (decision.allowed()) {
            ctx.next();
            return;
        }
        refuse(ctx, match.endpoint().answer(), decision.retryAfterSeconds());
    }

    private TokenBuckets.Decision counted(EndpointClass endpoint, TokenBuckets.Decision decision) {
        if (!decision.allowed()) {
            throttled
                    .computeIfAbsent(
                            endpoint.name() + decision.exceeded(),
                            k -> metrics.counter(
                                    "gatehouse.abuse_limits.throttled",
                                    "endpoint",
                                    endpoint.name().toLowerCase(java.util.Locale.ROOT),
                                    "limit",
                                    decision.exceeded()))
                    .increment();
        }
        return decision;
    }

    private void refuse(RoutingContext ctx, EndpointClass.Answer answer, long retryAfter) {
        String detail = "too many requests; retry after " + retryAfter + " seconds";
        String type;
        String body;
        switch (answer) {
            case HTML -> {
                type = "text/html;charset=UTF-8";
                body = page.html(retryAfter);
                ctx.response()
                        .putHeader(
                                "Content-Security-Policy",
                                "default-src 'none'; style-src 'self'; "
                                        + "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
                        .putHeader("X-Frame-Options", "DENY")
                        .putHeader("X-Content-Type-Options", "nosniff");
            }
            case SCIM -> {
                type = SCIM_MEDIA_TYPE;
                body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"429\","
                        + "\"detail\":\"" + detail + "\"}";
            }
            default -> {
                Problem p = Problem.of(429, CODE, detail);
                type = Problem.MEDIA_TYPE;
                body = "{\"type\":\"" + p.type() + "\",\"title\":\"" + p.title() + "\",\"status\":429,\"detail\":\""
                        + detail + "\",\"code\":\"" + CODE + "\"}";
            }
        }
        ctx.response()
                .setStatusCode(429)
                .putHeader(HttpHeaders.CONTENT_TYPE, type)
                .putHeader("Retry-After", Long.toString(retryAfter))
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body);
    }
}
