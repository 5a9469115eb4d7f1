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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The operator's view of the JWT signing keys and their rotation (never private material). */
@Tag(name = "JWT keys", description = "The RS256 keys signing account JWTs (operator only)")
@Path("/api/jwt/keys")
@Produces(MediaType.APPLICATION_JSON)
public class JwtKeysResource {
    private final Caller caller;
    private final RotateSigningKey rotation;

    public JwtKeysResource(Caller caller, RotateSigningKey rotation) {
        this.caller = caller;
        this.rotation = rotation;
    }

    public record KeysView(List<RotateSigningKey.KeyView> keys) {}

    /** {@code kid} signs from {@code activatesAt}; {@code created} is false when a rotation was already waiting. */
    public record RotationView(String kid, Instant activatesAt, boolean created, List<RotateSigningKey.KeyView> keys) {}

    @Operation(summary = "The signing keys and their schedule (never private material)")
    @APIResponseSchema(KeysView.class)
    @APIResponse(responseCode = "403", description = "`forbidden`: only the platform operator")
    @GET
    public KeysView list() {
        caller.requireOperator();
        return new KeysView(rotation.list());
    }

    @Operation(summary = "Rotate: a new key, published at once, signing after the activation delay")
    @APIResponseSchema(RotationView.class)
    @APIResponse(responseCode = "403", description = "`forbidden`: only the platform operator")
    @POST
    @Path("/rotate")
    public RotationView rotate() {
        caller.requireOperator();
        RotateSigningKey.Rotation r = rotation.rotateNow();
        return new RotationView(r.next().kid(), r.next().activatesAt(), r.created(), rotation.list());
    }
}
