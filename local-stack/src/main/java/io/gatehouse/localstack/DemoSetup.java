package io.gatehouse.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Sets up the demo account through the public APIs, exactly as an operator and an account admin would: the
 * BUSINESS account, its verified domain (TXT record in the simulator's DNS), SSO from the simulator app's
 * metadata, the JumpCloud directory with group→role mappings, SCIM push and its Test Connection, and a first sync.
 * Idempotent.
 * Usage: {@code DemoSetup <ssoUrl> <usersUrl> <directoryUrl> <simulatorUrl>} with the operator token in
 * {@code GATEHOUSE_OPERATOR_TOKEN}.
 */
public final class DemoSetup {
    static final String ACCOUNT = "demo";
    static final String DOMAIN = "acme.test";
    static final String APP = "gatehouse-demo";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String sso;
    private final String users;
    private final String directory;
    private final String sim;
    private final String token;

    DemoSetup(String sso, String users, String directory, String sim, String token) {
        this.sso = sso;
        this.users = users;
        this.directory = directory;
        this.sim = sim;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || System.getenv("GATEHOUSE_OPERATOR_TOKEN") == null) {
            System.err.println(
                    "usage: GATEHOUSE_OPERATOR_TOKEN=… DemoSetup <ssoUrl> <usersUrl> <directoryUrl> <simulatorUrl>");
            System.exit(2);
        }
        new DemoSetup(args[0], args[1], args[2], args[3], System.getenv("GATEHOUSE_OPERATOR_TOKEN")).run();
    }

    void run() throws Exception {
        step("account '" + ACCOUNT + "' on the BUSINESS plan");
        expect(
                call(
                        "PUT",
                        users + "/api/accounts/" + ACCOUNT,
                        Map.of("name", "Acme Calls (demo)", "plan", "BUSINESS"),
                        true),
                200,
                201);

        step("domain " + DOMAIN + " verified through the simulator's DNS");
        JsonNode domain =
                call("POST", sso + "/api/accounts/" + ACCOUNT + "/domains", Map.of("domain", DOMAIN), true).body;
        if (domain.has("txtRecordName")) {
            call(
                    "PUT",
                    sim + "/sim/dns/" + domain.get("txtRecordName").asText(),
                    Map.of("txt", new String[] {domain.get("txtRecordValue").asText()}),
                    false);
        } else {
            // already added earlier: look it up
            for (JsonNode d : call("GET", sso + "/api/accounts/" + ACCOUNT + "/domains", null, true).body) {
                if (DOMAIN.equals(d.path("domain").asText()) && d.has("txtRecordName")) {
                    call(
                            "PUT",
                            sim + "/sim/dns/" + d.get("txtRecordName").asText(),
                            Map.of("txt", new String[] {d.get("txtRecordValue").asText()}),
                            false);
                }
            }
        }
        expect(
                retry(() ->
                        call("POST", sso + "/api/accounts/" + ACCOUNT + "/domains/" + DOMAIN + "/verify", null, true)),
                200);

        step("SSO from the simulator app's IdP metadata (default role AGENT, IdP-initiated allowed)");
        Result metadata = raw("GET", sim + "/saml2/" + APP + "/metadata", null, null);
        expect(
                raw("POST", sso + "/api/accounts/" + ACCOUNT + "/sso/idp-metadata", metadata.text, "application/xml"),
                200);
        JsonNode connection = call("GET", sso + "/api/accounts/" + ACCOUNT + "/sso", null, true).body;
        ObjectNode put = json.createObjectNode();
        put.put("enabled", true);
        put.set("idpEntityId", connection.get("idpEntityId"));
        put.set("idpSsoUrl", connection.get("idpSsoUrl"));
        put.set(
                "idpCertificatesPem",
                connection.path("idpCertificatesPem").isMissingNode()
                        ? json.createArrayNode()
                                .add(raw("GET", sim + "/sim/apps/65c000000000000000000001/certificate", null, null)
                                        .text)
                        : connection.get("idpCertificatesPem"));
        put.put("defaultRole", "AGENT");
        put.put("allowIdpInitiated", true);
        put.put("clockSkewSeconds", 120);
        put.put("authnRequestBinding", "REDIRECT");
        // the plan arrives through Kafka; retry until sso-service has seen it
        expect(retry(() -> call("PUT", sso + "/api/accounts/" + ACCOUNT + "/sso", put, true)), 200);

        step("JumpCloud directory with group→role mappings and SCIM push");
        JsonNode org = call("GET", sim + "/sim/org", null, false).body;
        JsonNode app = call("GET", sim + "/sim/apps/65c000000000000000000001", null, false).body;
        ObjectNode dir = json.createObjectNode();
        dir.put("provider", "JUMPCLOUD");
        dir.put("apiBaseUrl", sim);
        dir.put("apiKey", org.get("apiKey").asText());
        dir.put("orgId", org.get("orgId").asText());
        dir.put("applicationId", app.get("_id").asText());
        dir.set(
                "groupRoleMappings",
                json.valueToTree(
                        Map.of("Acme Admins", "ADMIN", "Acme Supervisors", "SUPERVISOR", "Acme Agents", "AGENT")));
        dir.put("defaultRole", "AGENT");
        dir.put("syncIntervalSeconds", 30);
        dir.set("revokeBrake", json.valueToTree(Map.of("maxFraction", 0.5, "minCount", 3)));
        dir.put("scimEnabled", true);
        Result saved = call("PUT", directory + "/api/accounts/" + ACCOUNT + "/directory", dir, true);
        expect(saved, 200, 201);
        JsonNode scim = call("POST", directory + "/api/accounts/" + ACCOUNT + "/directory/scim-token", null, true).body;
        ObjectNode appPut = (ObjectNode) app.deepCopy();
        appPut.remove(java.util.List.of("certificate", "previousCertificate", "ssoUrl", "metadataUrl", "_id"));
        // Identity Management as the Directory page tells the admin: Base URL, Token Key and Test User Email
        appPut.set(
                "scim",
                json.valueToTree(Map.of(
                        "baseUrl",
                        scim.get("baseUrl").asText(),
                        "token",
                        scim.get("token").asText(),
                        "testUserEmail",
                        saved.body.path("scimTestUserEmail").asText("jumpcloud-test@gatehouse.invalid"))));
        expect(call("PUT", sim + "/sim/apps/" + app.get("_id").asText(), appPut, false), 200);

        step("JumpCloud's Test Connection (its test user and group come and go; nobody is granted)");
        expect(call("POST", sim + "/sim/apps/" + app.get("_id").asText() + "/scim/test-connection", null, false), 200);

        step("first sync");
        JsonNode sync = call(
                        "POST",
                        directory + "/api/accounts/" + ACCOUNT + "/directory/sync?wait=true&dryRun=false",
                        null,
                        true)
                .body;
        System.out.println("    sync " + sync.path("status").asText() + ": granted "
                + sync.path("granted").asInt() + ", revoked "
                + sync.path("revoked").asInt());
    }

    interface Call {
        Result run() throws Exception;
    }

    record Result(int status, String text, JsonNode body) {}

    private Result retry(Call call) throws Exception {
        Result last = null;
        for (int i = 0; i < 60; i++) {
            last = call.run();
            if (last.status < 300) {
                return last;
            }
            Thread.sleep(500);
        }
        return last;
    }

    private Result call(String method, String url, Object body, boolean auth) throws IOException, InterruptedException {
        String text = body == null ? null : json.writeValueAsString(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .method(
                        method,
                        text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (text != null) {
            b.header("Content-Type", "application/json");
        }
        if (auth) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node;
        try {
            node = r.body().isBlank() ? json.createObjectNode() : json.readTree(r.body());
        } catch (IOException e) {
            node = json.createObjectNode();
        }
        return new Result(r.statusCode(), r.body(), node);
    }

    private Result raw(String method, String url, String body, String type) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type).header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Result(r.statusCode(), r.body(), null);
    }

    private static void expect(Result r, int... ok) {
        for (int s : ok) {
            if (r.status == s) {
                return;
            }
        }
        throw new IllegalStateException("unexpected HTTP " + r.status + ": " + r.text);
    }

    private static void step(String what) {
        System.out.println("  - " + what);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
