package io.gatehouse.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small SCIM 2.0 service provider on a free loopback port, acting as the target of the simulator's push:
 * keeps users and groups in memory, answers like a SCIM server and records every request.
 */
final class FakeScimServer implements AutoCloseable {

    record Request(String method, String path, String query, String authorization, String contentType, JsonNode body) {

        String line() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile boolean refuseUserDelete;

    FakeScimServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/scim/v2", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/scim/v2";
    }

    /** The next {@code n} requests get 503. */
    void failNext(int n) {
        failures.set(n);
    }

    /** DELETE /Users/{id} answers 405, as a target without user deletion does. */
    void refuseUserDelete() {
        refuseUserDelete = true;
    }

    synchronized Map<String, ObjectNode> users() {
        return Map.copyOf(users);
    }

    synchronized Map<String, ObjectNode> groups() {
        return Map.copyOf(groups);
    }

    synchronized void addExistingUser(String userName) {
        String id = "pre-" + ids.incrementAndGet();
        ObjectNode user =
                JSON.createObjectNode().put("id", id).put("userName", userName).put("active", false);
        users.put(id, user);
    }

    synchronized List<Request> takeRequests() {
        List<Request> copy = new ArrayList<>(requests);
        requests.clear();
        return copy;
    }

    synchronized ObjectNode user(String id) {
        return users.get(id);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath().substring("/scim/v2".length());
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String query = rawQuery == null ? null : URLDecoder.decode(rawQuery, StandardCharsets.UTF_8);
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
        requests.add(new Request(
                method,
                path,
                query,
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                body));
        if (failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            respond(exchange, 503, null);
            return;
        }
        String[] parts = path.split("/");
        String type = parts.length > 1 ? parts[1] : "";
        String id = parts.length > 2 ? parts[2] : null;
        Map<String, ObjectNode> store = type.equals("Users") ? users : groups;
        switch (method) {
            case "GET" -> {
                ObjectNode list = JSON.createObjectNode();
                list.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:ListResponse");
                var resources = list.putArray("Resources");
                for (ObjectNode user : store.values()) {
                    if (query == null
                            || query.contains("\"" + user.path("userName").asText() + "\"")) {
                        resources.add(user);
                    }
                }
                list.put("totalResults", resources.size());
                respond(exchange, 200, list);
            }
            case "POST" -> {
                String newId = (type.equals("Users") ? "u" : "g") + ids.incrementAndGet();
                ObjectNode created = ((ObjectNode) body).deepCopy().put("id", newId);
                store.put(newId, created);
                respond(exchange, 201, created);
            }
            case "PATCH" -> {
                ObjectNode existing = store.get(id);
                if (existing == null) {
                    respond(exchange, 404, null);
                    return;
                }
                for (JsonNode op : body.path("Operations")) {
                    if (op.path("op").asText().equals("replace")
                            && op.path("path").asText().equals("active")) {
                        existing.set("active", op.get("value"));
                    }
                }
                respond(exchange, type.equals("Users") ? 200 : 204, type.equals("Users") ? existing : null);
            }
            case "DELETE" -> {
                if (refuseUserDelete && type.equals("Users")) {
                    respond(exchange, 405, null);
                    return;
                }
                respond(exchange, store.remove(id) == null ? 404 : 204, null);
            }
            default -> respond(exchange, 405, null);
        }
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().add("Content-Type", "application/scim+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
