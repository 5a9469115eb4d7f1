package io.gatehouse.sso.rest;

import io.gatehouse.sso.domain.JwtKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/** The public keys of the account JWTs (current and recently retired). */
@Path("/.well-known/jwks.json")
public class JwksResource {
    private final JwtKeys keys;

    public JwksResource(JwtKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces("application/json")
    public Response jwks() {
        return Response.ok(keys.jwksJson())
                .header("Cache-Control", "public, max-age=60")
                .build();
    }
}
