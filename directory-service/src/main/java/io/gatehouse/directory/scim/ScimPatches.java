package io.gatehouse.directory.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.Locale;

/**
 * Reads a PATCH body into the UnboundID SDK's {@link PatchRequest}, after smoothing two shapes seen from
 * identity providers: capitalised op names ({@code "Replace"}), and JumpCloud's group membership removal
 * {@code {"op":"remove","path":"members","value":[{"value":"<id>"}]}} (RFC 7644 wants a filter in the path),
 * which becomes one {@code remove members[value eq "<id>"]} per value.
 */
final class ScimPatches {
    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private ScimPatches() {}

    static PatchRequest parse(String body) {
        ObjectNode raw = ScimJson.parseBody(body);
        JsonNode ops = raw.get("Operations");
        if (ops == null) {
            ops = raw.get("operations");
        }
        if (ops == null || !ops.isArray() || ops.isEmpty()) {
            throw ScimException.invalidSyntax("a PatchOp body needs a non-empty Operations array");
        }
        ArrayNode normalised = JsonUtils.getJsonNodeFactory().arrayNode();
        for (JsonNode op : ops) {
            if (!op.isObject() || !op.path("op").isTextual()) {
                throw ScimException.invalidSyntax("each operation needs an op");
            }
            ObjectNode o = ((ObjectNode) op).deepCopy();
            String name = o.get("op").asText().toLowerCase(Locale.ROOT);
            if (!name.equals("add") && !name.equals("remove") && !name.equals("replace")) {
                throw ScimException.invalidSyntax("op must be add, remove or replace");
            }
            o.put("op", name);
            JsonNode path = o.get("path");
            JsonNode value = o.get("value");
            if (name.equals("remove")
                    && path != null
                    && path.isTextual()
                    && path.asText().trim().equalsIgnoreCase("members")
                    && value != null
                    && value.isArray()) {
                for (JsonNode v : value) {
                    String id = v.path("value").asText(null);
                    if (id == null) {
                        throw ScimException.invalidValue("members to remove need a value");
                    }
                    ObjectNode single = JsonUtils.getJsonNodeFactory().objectNode();
                    single.put("op", "remove");
                    single.put("path", "members[value eq " + TextNode.valueOf(id) + "]");
                    normalised.add(single);
                }
                continue;
            }
            if (name.equals("remove")) {
                o.remove("value");
            }
            normalised.add(o);
        }
        ObjectNode request = JsonUtils.getJsonNodeFactory().objectNode();
        request.putArray("schemas").add(PATCH_SCHEMA);
        request.set("Operations", normalised);
        PatchRequest parsed;
        try {
            parsed = JsonUtils.getObjectReader().treeToValue(request, PatchRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Throwable c = e.getCause();
            if (c instanceof com.unboundid.scim2.common.exceptions.ScimException s) {
                throw ScimException.of(s);
            }
            throw ScimException.invalidSyntax("the PatchOp body is not valid: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw ScimException.invalidSyntax("the PatchOp body is not valid");
        }
        for (PatchOperation op : parsed) {
            // RFC 7644 §3.5.2.2: a remove without a target is noTarget (the SDK would throw a NullPointerException
            // applying it to the resource root, found by ScimRequestFuzzTest)
            boolean root = op.getPath() == null || op.getPath().isRoot();
            if (op.getOpType() == PatchOpType.REMOVE && root) {
                throw new ScimException(400, "noTarget", "remove needs a path");
            }
            // RFC 7644 §3.5.2.1/3: without a path the value is a set of attributes (the SDK would throw a
            // NullPointerException for a scalar, found by ScimRequestFuzzTest)
            if (op.getOpType() != PatchOpType.REMOVE && root && !(op.getJsonNode() instanceof ObjectNode)) {
                throw ScimException.invalidValue("an operation without path needs an object value");
            }
        }
        return parsed;
    }
}
