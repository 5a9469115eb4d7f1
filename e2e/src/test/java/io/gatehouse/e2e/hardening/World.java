package io.gatehouse.e2e.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.e2e.Stack;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Two real tenants, A and B, set up only through the public APIs as an operator and an admin would: account on the
 * BUSINESS plan, a simulator app per account with its users bound through a group, a verified domain (TXT record
 * in the simulator's DNS), SSO configured from the IdP metadata, users who signed in through SAML (IdP-initiated,
 * non-interactive), an ADMIN made by the operator, account JWTs minted from the sessions, a directory connection
 * with the simulator's API key and a SCIM token. Built once per JVM; every secret seen is registered for the
 * log scan.
 */
final class World {
    private static World instance;

    final Stack stack;
    final String sim;
    final String sso;
    final String users;
    final String dir;
    final String op;
    final String apiKey;
    final String orgId;
    final Tenant a;
    final Tenant b;

    /** Secret values by kind (operator token, API key, SCIM token, session id, JWT, SAMLResponse). */
    static final Map<String, Set<String>> SECRETS = new ConcurrentHashMap<>();

    static void secret(String kind, String value) {
        if (value != null && value.length() >= 8) {
            SECRETS.computeIfAbsent(kind, k -> ConcurrentHashMap.newKeySet()).add(value);
        }
    }

    /** One tenant and the people in it. */
    final class Tenant {
        final String id;
        final String domain;
        final String appName;
        String appId;
        String groupId;
        String idpEntityId;
        final Map<String, String> jcUserIds = new LinkedHashMap<>();
        String adminEmail;
        String agentEmail;
        String revokedEmail;
        String adminUserId;
        String agentUserId;
        String revokedUserId;
        String adminJwt;
        Instant adminJwtExpiresAt;
        String agentJwt;
        String revokedJwt;
        String scimToken;
        String adminCookie;
        String agentCookie;

        Tenant(String tag) {
            this.id = "hard-" + tag + "-" + random(3);
            this.domain = id + ".test";
            this.appName = "app-" + id;
            this.adminEmail = "admin@" + domain;
            this.agentEmail = "agent@" + domain;
            this.revokedEmail = "former-admin@" + domain;
        }

        String usersApi() {
            return users + "/api/accounts/" + id;
        }

        String ssoApi() {
            return sso + "/api/accounts/" + id;
        }

        String dirApi() {
            return dir + "/api/accounts/" + id + "/directory";
        }

        String scimBase() {
            return dir + "/scim/v2/" + id;
        }

        /** A JWT minted now from the admin's session (the one from set-up may have expired). */
        String freshAdminJwt() {
            return mint(adminCookie).json().get("token").asText();
        }

        String freshAgentJwt() {
            return mint(agentCookie).json().get("token").asText();
        }

        /** A new SCIM token (replacing the old one). */
        String issueScimToken() {
            Http.Resp r = Http.post(dirApi() + "/scim-token").bearer(op).send();
            expect(r, 200, "scim-token");
            scimToken = r.json().get("token").asText();
            secret("SCIM token", scimToken);
            return scimToken;
        }

        /** Creates a simulator user in this tenant's domain, bound to the app through the tenant's group. */
        String simUser(String email, boolean bound) {
            Http.Resp r = Http.post(sim + "/sim/users")
                    .json(Map.of(
                            "email", email, "firstname", email.substring(0, email.indexOf('@')), "lastname", "Test"))
                    .send();
            expect(r, 201, "sim user");
            String jcId = r.json().get("_id").asText();
            jcUserIds.put(email, jcId);
            if (bound) {
                expect(
                        Http.put(sim + "/sim/groups/" + groupId + "/members/" + jcId)
                                .send(),
                        204,
                        "bind user");
            }
            return jcId;
        }
    }

    /** The two tenants on the suite's {@link Stack#get() stack}, set up once. */
    static synchronized World get() {
        if (instance == null) {
            instance = new World(Stack.get(), true);
        }
        return instance;
    }

    /** Tenant A alone (no B) on a stack of a test's own. */
    static World tenantA(Stack stack) {
        return new World(stack, false);
    }

    private World(Stack stack, boolean withB) {
        this.stack = stack;
        sim = stack.sim().url();
        sso = stack.sso().url();
        users = stack.users().url();
        dir = stack.directory().url();
        op = stack.operatorToken;
        secret("operator token", op);
        JsonNode org = Http.get(sim + "/sim/org").send().json();
        apiKey = org.get("apiKey").asText();
        orgId = org.get("orgId").asText();
        secret("JumpCloud API key", apiKey);
        a = setUp("a");
        b = withB ? setUp("b") : null;
    }

    private Tenant setUp(String tag) {
        Tenant t = new Tenant(tag);
        expect(
                Http.put(t.usersApi())
                        .bearer(op)
                        .json(Map.of("name", "Hardening " + tag.toUpperCase(), "plan", "BUSINESS"))
                        .send(),
                201,
                "create account");

        // the IdP side: a group bound to the account's app, with the account's people in it
        Http.Resp group = Http.post(sim + "/sim/groups")
                .json(Map.of("name", t.id + " people"))
                .send();
        expect(group, 201, "sim group");
        t.groupId = group.json().get("id").asText();
        t.idpEntityId = sim + "/saml2/" + t.appName;
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("name", t.appName);
        app.put("spEntityId", sso + "/saml/" + t.id + "/metadata");
        app.put("acsUrl", sso + "/saml/" + t.id + "/acs");
        app.put("idpEntityId", t.idpEntityId);
        app.put("groupIds", List.of(t.groupId));
        app.put("attributes", Map.of("email", "email", "firstName", "firstname", "lastName", "lastname"));
        Http.Resp created = Http.post(sim + "/sim/apps").json(app).send();
        expect(created, 201, "sim app");
        t.appId = created.json().get("_id").asText();
        String pem = created.json().get("certificate").get("pem").asText();
        String ssoUrl = created.json().get("ssoUrl").asText();
        for (String email : List.of(t.adminEmail, t.agentEmail, t.revokedEmail)) {
            t.simUser(email, true);
        }

        // verified domain through the simulator's DNS
        Http.Resp domain = Http.post(t.ssoApi() + "/domains")
                .bearer(op)
                .json(Map.of("domain", t.domain))
                .send();
        expect(domain, 201, "add domain");
        expect(
                Http.put(sim + "/sim/dns/" + domain.json().get("txtRecordName").asText())
                        .json(Map.of(
                                "txt",
                                List.of(domain.json().get("txtRecordValue").asText())))
                        .send(),
                200,
                "TXT record");
        expect(
                Http.post(t.ssoApi() + "/domains/" + t.domain + "/verify")
                        .bearer(op)
                        .send(),
                200,
                "verify domain");

        // SSO from the IdP metadata, then enabled (the plan reaches sso-service through AccountUpserted)
        String metadata =
                Http.get(sim + "/saml2/" + t.appName + "/metadata").send().body();
        await(
                "IdP metadata import",
                () -> Http.post(t.ssoApi() + "/sso/idp-metadata")
                                .bearer(op)
                                .body("application/xml", metadata)
                                .send()
                                .status()
                        == 200);
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("enabled", true);
        connection.put("idpEntityId", t.idpEntityId);
        connection.put("idpSsoUrl", ssoUrl);
        connection.put("idpCertificatesPem", List.of(pem));
        connection.put("defaultRole", "AGENT");
        connection.put("allowIdpInitiated", true);
        connection.put("clockSkewSeconds", 120);
        connection.put("authnRequestBinding", "POST");
        await(
                "SSO enabled",
                () -> Http.put(t.ssoApi() + "/sso")
                                .bearer(op)
                                .json(connection)
                                .send()
                                .status()
                        == 200);

        // people sign in; the operator makes two of them ADMIN; each mints a JWT
        String adminCookie = login(t, t.adminEmail);
        t.adminCookie = adminCookie;
        t.adminUserId = awaitUserId(adminCookie);
        promote(t, t.adminUserId, adminCookie);
        Http.Resp token = mint(adminCookie);
        t.adminJwt = token.json().get("token").asText();
        t.adminJwtExpiresAt = Instant.parse(token.json().get("expiresAt").asText());

        String agentCookie = login(t, t.agentEmail);
        t.agentCookie = agentCookie;
        t.agentUserId = awaitUserId(agentCookie);
        t.agentJwt = mint(agentCookie).json().get("token").asText();

        String formerCookie = login(t, t.revokedEmail);
        t.revokedUserId = awaitUserId(formerCookie);
        promote(t, t.revokedUserId, formerCookie);
        t.revokedJwt = mint(formerCookie).json().get("token").asText();
        expect(
                Http.post(t.usersApi() + "/users/" + t.revokedUserId + "/revoke")
                        .bearer(op)
                        .send(),
                200,
                "revoke");
        await(
                "the revoked user's session ends",
                () -> Http.get(sso + "/api/session")
                                .header("Cookie", "GH_SESSION=" + formerCookie)
                                .send()
                                .status()
                        == 401);
        // every service follows UserRevoked and refuses the tokens issued before it
        for (String url : List.of(t.usersApi(), t.ssoApi() + "/sso", t.dirApi())) {
            await(
                    "the revoked user's JWT refused at " + url,
                    () -> Http.get(url).bearer(t.revokedJwt).send().status() == 401);
        }

        // the directory connection (write-only API key) and a SCIM token
        Map<String, Object> directory = new LinkedHashMap<>();
        directory.put("provider", "JUMPCLOUD");
        directory.put("apiBaseUrl", sim);
        directory.put("apiKey", apiKey);
        directory.put("orgId", orgId);
        directory.put("applicationId", t.appId);
        directory.put("groupRoleMappings", Map.of());
        directory.put("defaultRole", "AGENT");
        directory.put("syncIntervalSeconds", 0);
        directory.put("scimEnabled", true);
        Http.Resp saved = Http.put(t.dirApi()).bearer(op).json(directory).send();
        if (saved.status() != 200 && saved.status() != 201) {
            throw new IllegalStateException("directory connection: " + saved);
        }
        t.issueScimToken();
        return t;
    }

    /** Signs in through the simulator (IdP-initiated, non-interactive) and the ACS; returns the session cookie. */
    String login(Tenant t, String email) {
        Http.Resp idp = Http.get(sim + "/saml2/" + t.appName + "?auto=1&email=" + Http.enc(email))
                .header("Accept", "application/json")
                .send();
        expect(idp, 200, "IdP login of " + email);
        JsonNode form = idp.json();
        String samlResponse = form.get("SAMLResponse").asText();
        secret("SAMLResponse", samlResponse.substring(samlResponse.length() / 2, samlResponse.length() / 2 + 64));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("SAMLResponse", samlResponse);
        if (form.hasNonNull("RelayState") && !form.get("RelayState").asText().isEmpty()) {
            fields.put("RelayState", form.get("RelayState").asText());
        }
        Http.Resp acs = Http.post(form.get("acsUrl").asText()).form(fields).send();
        String cookie = acs.cookie("GH_SESSION")
                .orElseThrow(() -> new IllegalStateException("no session for " + email + ": " + acs));
        secret("session id", cookie);
        return cookie;
    }

    String awaitUserId(String cookie) {
        String[] id = new String[1];
        await("user id known to sso-service", () -> {
            Http.Resp r = Http.get(sso + "/api/session")
                    .header("Cookie", "GH_SESSION=" + cookie)
                    .send();
            if (r.status() == 200 && r.json().hasNonNull("userId")) {
                id[0] = r.json().get("userId").asText();
                return true;
            }
            return false;
        });
        return id[0];
    }

    void promote(Tenant t, String userId, String cookie) {
        grant(t, userId, cookie, "ADMIN");
    }

    /** The operator pins the user's role; returns once the session follows it (UserRoleChanged). */
    void grant(Tenant t, String userId, String cookie, String role) {
        expect(
                Http.put(t.usersApi() + "/users/" + userId + "/role")
                        .bearer(op)
                        .json(Map.of("role", role))
                        .send(),
                200,
                "make " + role);
        await("the session's role follows UserRoleChanged", () -> {
            Http.Resp r = Http.get(sso + "/api/session")
                    .header("Cookie", "GH_SESSION=" + cookie)
                    .send();
            return r.status() == 200 && role.equals(r.json().path("role").asText());
        });
    }

    Http.Resp mint(String cookie) {
        Http.Resp[] out = new Http.Resp[1];
        await("a JWT from the session", () -> {
            out[0] = Http.post(sso + "/api/session/token")
                    .header("Cookie", "GH_SESSION=" + cookie)
                    .send();
            return out[0].status() == 200;
        });
        secret("JWT", out[0].json().get("token").asText());
        return out[0];
    }

    static void expect(Http.Resp r, int status, String what) {
        if (r.status() != status) {
            throw new IllegalStateException(what + ": expected " + status + ", got " + r);
        }
    }

    /** Polls a condition every 250 ms until it holds; fails after a generous deadline. */
    static void await(String what, Supplier<Boolean> condition) {
        await(what, Duration.ofSeconds(90), condition);
    }

    static void await(String what, Duration deadline, Supplier<Boolean> condition) {
        // a service restarting answers with errors for a while: keep polling through them
        try {
            Awaitility.await(what)
                    .atMost(deadline)
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> Boolean.TRUE.equals(condition.get()));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("not reached within " + deadline.toSeconds() + " s: " + what, e);
        }
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
