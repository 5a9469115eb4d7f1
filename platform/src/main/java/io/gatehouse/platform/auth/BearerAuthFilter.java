package io.gatehouse.platform.auth;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Hands the request's bearer token to {@link Caller}; verification happens when an endpoint requires it. */
public class BearerAuthFilter {
    private final Caller caller;

    public BearerAuthFilter(Caller caller) {
        this.caller = caller;
    }

    @ServerRequestFilter(preMatching = true)
    public void bearer(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            caller.bearer(header.substring(7).trim());
        }
    }
}
