package io.gatehouse.directory.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;

/** JSON helpers on the UnboundID SCIM SDK's mapper. */
final class ScimJson {
    private ScimJson() {}

    /** Parses a request body; anything but a JSON object is {@code invalidSyntax}. */
    static ObjectNode parseBody(String body) {
        if (body == null || body.isBlank()) {
            throw ScimException.invalidSyntax("a JSON body is required");
        }
        try {
            JsonNode n = JsonUtils.getObjectReader().readTree(body);
            if (n == null || !n.isObject()) {
                throw ScimException.invalidSyntax("the body must be a JSON object");
            }
            return (ObjectNode) n;
        } catch (JsonProcessingException e) {
            throw ScimException.invalidSyntax("the body is not valid JSON");
        }
    }

    static ObjectNode parseStored(String json) {
        try {
            return (ObjectNode) JsonUtils.getObjectReader().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored SCIM resource is not valid JSON", e);
        }
    }

    static String write(JsonNode node) {
        try {
            return JsonUtils.getObjectWriter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode object() {
        return JsonUtils.getJsonNodeFactory().objectNode();
    }
}
