package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Configures accounts through the public APIs, as an operator would. */
final class Accounts {
    private Accounts() {}

    static final String IDP_PREFIX = "https://idp.bench.test/saml2/";

    static String idpEntityId(String account) {
        return IDP_PREFIX + account;
    }

    static void createAccount(BenchStack stack, String account) {
        Http.put(
                        stack.users().url() + "/api/accounts/" + account,
                        stack.operatorToken,
                        Map.of("name", "Bench " + account, "plan", "BUSINESS"))
                .expect(200, 201);
    }

    /** BUSINESS plan, verified domain (TXT via the simulator's DNS), SSO with the driver's certificate. */
    static void ssoAccount(BenchStack stack, String account, String domain, Saml.IdpKey key) {
        createAccount(stack, account);
        String sso = stack.sso().url();
        JsonNode d = Http.post(
                        sso + "/api/accounts/" + account + "/domains", stack.operatorToken, Map.of("domain", domain))
                .expect(200, 201)
                .json();
        Http.put(
                        stack.sim().url() + "/sim/dns/" + d.get("txtRecordName").asText(),
                        null,
                        Map.of("txt", List.of(d.get("txtRecordValue").asText())))
                .expect(200, 201);
        Http.post(sso + "/api/accounts/" + account + "/domains/" + domain + "/verify", stack.operatorToken, null)
                .expect(200);
        Map<String, Object> body = Map.of(
                "enabled",
                true,
                "idpEntityId",
                idpEntityId(account),
                "idpSsoUrl",
                stack.sim().url() + "/saml2/driver-" + account,
                "idpCertificatesPem",
                List.of(key.pem()),
                "defaultRole",
                "AGENT",
                "allowIdpInitiated",
                true,
                "clockSkewSeconds",
                120,
                "authnRequestBinding",
                "REDIRECT");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            Http.Answer a = Http.put(sso + "/api/accounts/" + account + "/sso", stack.operatorToken, body);
            if (a.status() == 200 || a.status() == 201) {
                return;
            }
            // the plan reaches sso-service through AccountUpserted on Kafka
            if (a.status() != 403 || System.nanoTime() > deadline) {
                a.expect(200, 201);
            }
            Http.sleep(200);
        }
    }

    static long userTotal(BenchStack stack, String account) {
        return Http.get(stack.users().url() + "/api/accounts/" + account + "/users/stats", stack.operatorToken)
                .expect(200)
                .json()
                .get("total")
                .asLong();
    }

    /** The user's status in user-service, or null when unknown. */
    static String userStatus(BenchStack stack, String account, String email) {
        JsonNode items = Http.get(
                        stack.users().url() + "/api/accounts/" + account + "/users?q="
                                + java.net.URLEncoder.encode(email, java.nio.charset.StandardCharsets.UTF_8),
                        stack.operatorToken)
                .expect(200)
                .json()
                .get("items");
        for (JsonNode u : items) {
            if (email.equalsIgnoreCase(u.get("email").asText())) {
                return u.get("status").asText();
            }
        }
        return null;
    }

    static void awaitUserStatus(BenchStack stack, String account, String email, String status, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!status.equals(userStatus(stack, account, email))) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(
                        email + " not " + status + " in user-service after " + timeoutMs + " ms");
            }
            Http.sleep(50);
        }
    }
}
