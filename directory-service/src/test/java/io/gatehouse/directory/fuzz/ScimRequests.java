package io.gatehouse.directory.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.gatehouse.directory.scim.ScimException;
import io.gatehouse.directory.scim.ScimPaging;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * The request-to-operations code of the SCIM endpoint, driven exactly as {@code ScimUsers.list} and
 * {@code ScimUsers.patch} drive it, without a database: {@link ScimPaging#of} (filter, startIndex, count) and the
 * SDK filter evaluation; {@code ScimPatches.parse} (PatchOp body → operations), {@code PatchOperation.apply} on a
 * stored User resource (only the SDK's checked {@code ScimException} is mapped, as in the service) and
 * {@code ScimUsers.normalise}. The package-private entry points are reached through method handles.
 */
final class ScimRequests {
    static final String SAMPLE_USER = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"jane.doe@acme.test",
             "externalId":"65a000000000000000000001","name":{"givenName":"Jane","familyName":"Doe"},
             "displayName":"Jane Doe","emails":[{"value":"jane.doe@acme.test","type":"work","primary":true}],
             "active":true}""";

    private static final MethodHandle PATCH_PARSE;
    private static final MethodHandle NORMALISE;
    private static final MethodHandle MATCHES;
    private static final MethodHandle SIMPLE_EQUALITY;

    static {
        try {
            Class<?> patches = Class.forName("io.gatehouse.directory.scim.ScimPatches");
            Class<?> users = Class.forName("io.gatehouse.directory.scim.ScimUsers");
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PATCH_PARSE = MethodHandles.privateLookupIn(patches, lookup)
                    .findStatic(patches, "parse", MethodType.methodType(PatchRequest.class, String.class));
            NORMALISE = MethodHandles.privateLookupIn(users, lookup)
                    .findStatic(users, "normalise", MethodType.methodType(ObjectNode.class, ObjectNode.class));
            MATCHES = MethodHandles.privateLookupIn(ScimPaging.class, lookup)
                    .findVirtual(ScimPaging.class, "matches", MethodType.methodType(boolean.class, JsonNode.class));
            SIMPLE_EQUALITY = MethodHandles.privateLookupIn(ScimPaging.class, lookup)
                    .findVirtual(
                            ScimPaging.class, "simpleEquality", MethodType.methodType(Optional.class, String[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ScimRequests() {}

    static ObjectNode sampleUser() {
        try {
            return (ObjectNode) JsonUtils.getObjectReader().readTree(SAMPLE_USER);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** GET /Users?filter=…&startIndex=…&count=… up to the database query; returns whether the sample matched. */
    static boolean list(String filter, String startIndex, String count) throws Throwable {
        ScimPaging paging = ScimPaging.of(filter, startIndex, count);
        SIMPLE_EQUALITY.invoke(paging, new String[] {"userName", "externalId"});
        return (boolean) MATCHES.invoke(paging, (JsonNode) sampleUser());
    }

    /** PATCH /Users/{id} up to the database write; returns the normalised resource. */
    static ObjectNode patchUser(String body) throws Throwable {
        PatchRequest request = (PatchRequest) PATCH_PARSE.invoke(body);
        ObjectNode node = sampleUser();
        for (PatchOperation op : request) {
            try {
                op.apply(node);
            } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
                throw ScimException.of(e);
            }
        }
        return (ObjectNode) NORMALISE.invoke(node);
    }

    /** Runs a request; a {@link ScimException} with a 4xx status is the only acceptable failure. */
    static String outcome(String input, ThrowingSupplier call) {
        try {
            call.get();
            return "ok";
        } catch (ScimException e) {
            if (e.status() < 400 || e.status() > 499) {
                throw new AssertionError(
                        "a SCIM error that is not 4xx: " + e.status() + " " + e.scimType() + " for input: " + input, e);
            }
            return e.status() + " " + e.scimType();
        } catch (Throwable t) {
            throw new AssertionError("escaped (the service would answer 500): " + t + " for input: " + input, t);
        }
    }

    @FunctionalInterface
    interface ThrowingSupplier {
        Object get() throws Throwable;
    }
}
