package io.gatehouse.sso.rest;

import io.gatehouse.platform.auth.Caller;
import io.gatehouse.sso.domain.RotateSigningKey;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/** The operator's view of the JWT signing keys and their rotation (never private material). */
@Path("/api/jwt/keys")
@Produces(MediaType.APPLICATION_JSON)
public class JwtKeysResource {
    private final Caller caller;
    private final RotateSigningKey rotation;

    public JwtKeysResource(Caller caller, RotateSigningKey rotation) {
        this.caller = caller;
        this.rotation = rotation;
    }

    public record KeysView(List<RotateSigningKey.KeyView> keys) {
    }

    /** {@code kid} signs from {@code activatesAt}; {@code created} is false when a rotation was already waiting. */
    public record RotationView(String kid, Instant activatesAt, boolean created, List<RotateSigningKey.KeyView> keys) {
    }

    @GET
    public KeysView list() {
        caller.requireOperator();
        return new KeysView(rotation.list());
    }

    @POST
    @Path("/rotate")
    public RotationView rotate() {
        caller.requireOperator();
        RotateSigningKey.Rotation r = rotation.rotateNow();
        return new RotationView(r.next().kid(), r.next().activatesAt(), r.created(), rotation.list());
    }
}
