package io.gatehouse.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a service's generated OpenAPI document ({@code /q/openapi?format=json}) and lists what an admin endpoint
 * ({@code /api/…}) lacks (issue 19 point 8): a summary, a tag, a security requirement naming a declared scheme, a
 * typed success response, on bearer endpoints the 401 and 403 of the caller check, and for every 4xx/5xx an
 * {@code application/problem+json} body of the {@code Problem} schema with its stable code(s) in the description.
 */
public final class OpenApiChecks {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private final JsonNode document;

    public OpenApiChecks(String json) {
        try {
            this.document = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "METHOD path" of every admin operation in the document. */
    public List<String> adminOperations() {
        List<String> operations = new ArrayList<>();
        forEachAdminOperation((name, operation) -> operations.add(name));
        return operations;
    }

    /** What each admin operation lacks; empty when every one is fully documented. */
    public List<String> defects() {
        List<String> defects = new ArrayList<>();
        if (!document.at("/components/schemas/Problem/properties/code").isObject()) {
            defects.add("components: no Problem schema with a code property");
        }
        JsonNode schemes = document.at("/components/securitySchemes");
        forEachAdminOperation((name, operation) -> {
            if (operation.path("summary").asText().isBlank()) {
                defects.add(name + ": no summary");
            }
            if (operation.path("tags").isEmpty()) {
                defects.add(name + ": no tag");
            }
            if (operation.path("security").isEmpty()) {
                defects.add(name + ": no security requirement");
            }
            operation
                    .path("security")
                    .forEach(requirement -> requirement.fieldNames().forEachRemaining(scheme -> {
                        if (!schemes.has(scheme)) {
                            defects.add(name + ": security scheme " + scheme + " is not declared");
                        }
                    }));
            JsonNode responses = operation.path("responses");
            boolean success = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> response = it.next();
                String status = response.getKey();
                if (status.startsWith("2")) {
                    success = true;
                    if (!status.equals("204")
                            && response.getValue().path("content").isEmpty()) {
                        defects.add(name + ": " + status + " has no typed body");
                    }
                } else if (status.startsWith("4") || status.startsWith("5")) {
                    JsonNode problem = response.getValue().at("/content/application~1problem+json/schema/$ref");
                    if (!problem.asText().endsWith("/Problem")) {
                        defects.add(name + ": " + status + " is not application/problem+json Problem");
                    }
                    if (!response.getValue().path("description").asText().contains("`")) {
                        defects.add(name + ": " + status + " names no code");
                    }
                }
            }
            if (!success) {
                defects.add(name + ": no success response");
            }
            boolean bearer = operation.path("security").toString().contains("accountJwt");
            for (String status : List.of("401", "403")) {
                if (bearer && !responses.has(status)) {
                    defects.add(name + ": no " + status + " for a bearer endpoint");
                }
            }
        });
        return defects;
    }

    /** The description of one response, or null: e.g. {@code response("post /api/…/sync", "503")}. */
    public String response(String operation, String status) {
        String[] parts = operation.split(" ", 2);
        JsonNode node = document.path("paths")
                .path(parts[1])
                .path(parts[0].toLowerCase())
                .path("responses")
                .path(status)
                .path("description");
        return node.isMissingNode() ? null : node.asText();
    }

    private void forEachAdminOperation(java.util.function.BiConsumer<String, JsonNode> action) {
        document.path("paths").fields().forEachRemaining(path -> {
            if (path.getKey().startsWith("/api/")) {
                path.getValue().fields().forEachRemaining(op -> {
                    if (METHODS.contains(op.getKey())) {
                        action.accept(op.getKey() + " " + path.getKey(), op.getValue());
                    }
                });
            }
        });
    }
}
