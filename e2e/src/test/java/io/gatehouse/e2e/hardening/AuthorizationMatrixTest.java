package io.gatehouse.e2e.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * API abuse against the running stack: every account-scoped admin endpoint of docs/design/http-api.md
 * (user-service, sso-service, directory-service) × every kind of caller, then malformed, oversized and wrongly
 * typed bodies on each JSON endpoint, then SCIM with bad filters, huge payloads and wrong tokens. Runs inside
 * {@link HardeningSuiteTest}.
 *
 * <p>Rules: without a valid token → 401 {@code unauthorized}; a valid token of another account, or too low a role
 * → 403 {@code forbidden}; both as problem+json; never a 5xx; a refusal never carries the target account's data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuthorizationMatrixTest {
    static final Results RESULTS = new Results("authorization-matrix");
    static final String AREA_MATRIX = "API authorization matrix";
    static final String AREA_INPUT = "Hostile API input";
    static final String AREA_SCIM = "SCIM abuse";
    static final String AREA_TOKENS = "Sessions and tokens";
    static final String AREA_TENANT_ADMIN = "Tenant admin as attacker";

    World w;
    World.Tenant a;
    World.Tenant b;
    List<Caller> callers;
    String adminA;

    /** Who may call an endpoint. */
    enum Access {
        OPERATOR,
        ADMIN,
        MEMBER
    }

    /** The kind of caller, which decides the expected answer. */
    enum Kind {
        OPERATOR,
        ADMIN_OF_TARGET,
        AGENT_OF_TARGET,
        ADMIN_OF_OTHER,
        INVALID,
        REVOKED_ADMIN_OF_TARGET
    }

    record Caller(String name, Kind kind, String token) {}

    record Endpoint(String service, String method, String url, Access access, String contentType, String body) {
        /** The endpoint as a template: {acc} for the target account, {agent} and {unknown} for user ids. */
        String label(World world) {
            String base = switch (service) {
                case "user-service" -> world.users;
                case "sso-service" -> world.sso;
                default -> world.dir;
            };
            String path = url.substring(base.length());
            for (World.Tenant t : List.of(world.a, world.b)) {
                path = path.replace(t.id, "{acc}").replace(t.agentUserId, "{agent}");
            }
            return service + " " + method + " "
                    + path.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{unknown}");
        }
    }

    @BeforeAll
    void setUp() {
        w = World.get();
        a = w.a;
        b = w.b;
        adminA = a.freshAdminJwt();
        String adminB = b.freshAdminJwt();
        String jwks = Http.get(w.sso + "/.well-known/jwks.json").send().body();
        callers = List.of(
                new Caller("no token", Kind.INVALID, null),
                new Caller("operator", Kind.OPERATOR, w.op),
                new Caller("admin of A", Kind.ADMIN_OF_TARGET, adminA),
                new Caller("admin of B", Kind.ADMIN_OF_OTHER, adminB),
                new Caller("agent of A", Kind.AGENT_OF_TARGET, a.freshAgentJwt()),
                new Caller("revoked admin of A", Kind.REVOKED_ADMIN_OF_TARGET, a.revokedJwt),
                new Caller("tampered JWT (role OWNER)", Kind.INVALID, Jwts.tampered(adminA, "role", "OWNER")),
                new Caller(
                        "tampered JWT (B's token re-pointed to A)", Kind.INVALID, Jwts.tampered(adminB, "acc", a.id)),
                new Caller("alg=none JWT", Kind.INVALID, Jwts.algNone(adminA)),
                new Caller("HS256 keyed with the JWKS", Kind.INVALID, Jwts.hmacWithPublicKey(adminA, jwks)),
                new Caller("RS256 by a foreign key", Kind.INVALID, Jwts.foreignKey(adminA)),
                new Caller("garbage bearer", Kind.INVALID, "not-a-token"),
                new Caller("operator token with a suffix", Kind.INVALID, w.op + "x"));
    }

    List<Endpoint> endpoints(World.Tenant t) {
        String u = w.users + "/api/accounts/" + t.id;
        String s = w.sso + "/api/accounts/" + t.id;
        String d = w.dir + "/api/accounts/" + t.id + "/directory";
        String nobody = UUID.randomUUID().toString();
        String json = "application/json";
        return List.of(
                new Endpoint(
                        "user-service",
                        "PUT",
                        u,
                        Access.OPERATOR,
                        json,
                        "{\"name\":\"Hardening " + (t == a ? "A" : "B") + "\",\"plan\":\"BUSINESS\"}"),
                new Endpoint("user-service", "GET", u, Access.MEMBER, null, null),
                new Endpoint("user-service", "GET", u + "/users", Access.ADMIN, null, null),
                new Endpoint("user-service", "GET", u + "/users/stats", Access.ADMIN, null, null),
                new Endpoint("user-service", "GET", u + "/users/" + t.agentUserId, Access.ADMIN, null, null),
                new Endpoint(
                        "user-service",
                        "PUT",
                        u + "/users/" + nobody + "/role",
                        Access.ADMIN,
                        json,
                        "{\"role\":\"AGENT\"}"),
                new Endpoint("user-service", "DELETE", u + "/users/" + nobody + "/role", Access.ADMIN, null, null),
                new Endpoint("user-service", "POST", u + "/users/" + nobody + "/revoke", Access.ADMIN, null, null),
                new Endpoint("user-service", "POST", u + "/users/" + nobody + "/restore", Access.ADMIN, null, null),
                new Endpoint("user-service", "GET", u + "/audit", Access.ADMIN, null, null),
                new Endpoint(
                        "sso-service",
                        "POST",
                        s + "/domains",
                        Access.ADMIN,
                        json,
                        "{\"domain\":\"matrix-" + t.id + ".test\"}"),
                new Endpoint("sso-service", "GET", s + "/domains", Access.ADMIN, null, null),
                new Endpoint(
                        "sso-service",
                        "POST",
                        s + "/domains/matrix-" + t.id + ".test/verify",
                        Access.ADMIN,
                        null,
                        null),
                new Endpoint("sso-service", "PUT", s + "/sso", Access.ADMIN, json, "{\"enabled\":true}"),
                new Endpoint("sso-service", "GET", s + "/sso", Access.ADMIN, null, null),
                new Endpoint("sso-service", "POST", s + "/sso/idp-metadata", Access.ADMIN, "application/xml", "<x/>"),
                new Endpoint("sso-service", "POST", s + "/sso/test", Access.ADMIN, null, null),
                new Endpoint("sso-service", "GET", s + "/sso/test/" + nobody, Access.ADMIN, null, null),
                new Endpoint("directory-service", "PUT", d, Access.ADMIN, json, "{\"provider\":\"LDAP\"}"),
                new Endpoint("directory-service", "GET", d, Access.ADMIN, null, null),
                new Endpoint("directory-service", "POST", d + "/sync?wait=true&dryRun=true", Access.ADMIN, null, null),
                new Endpoint("directory-service", "GET", d + "/syncs", Access.ADMIN, null, null),
                new Endpoint("directory-service", "GET", d + "/groups", Access.ADMIN, null, null),
                new Endpoint("directory-service", "GET", d + "/syncs/" + nobody, Access.ADMIN, null, null),
                new Endpoint(
                        "directory-service", "POST", d + "/syncs/" + nobody + "/approve", Access.ADMIN, null, null),
                new Endpoint("directory-service", "POST", d + "/scim-token", Access.ADMIN, null, null));
    }

    static Http.Resp call(Endpoint e, String token) {
        Http.Request r = Http.method(e.method(), e.url()).bearer(token).header("Accept", "application/json");
        if (e.body() != null) {
            r.body(e.contentType(), e.body());
        }
        return r.send();
    }

    /** The answer the rules demand: "authorized", or the refusal status and code. */
    static String expected(Kind kind, Access access) {
        return switch (kind) {
            case INVALID -> "401 unauthorized";
            case OPERATOR -> "authorized";
            case ADMIN_OF_TARGET -> access == Access.OPERATOR ? "403 forbidden" : "authorized";
            case AGENT_OF_TARGET -> access == Access.MEMBER ? "authorized" : "403 forbidden";
            case ADMIN_OF_OTHER -> "403 forbidden";
            // every service follows UserRevoked and refuses the tokens issued before it (platform RevokedTokens)
            case REVOKED_ADMIN_OF_TARGET -> "401 token_revoked";
        };
    }

    static String observed(Http.Resp r) {
        if (r.status() == 401 || r.status() == 403) {
            return r.status() + " " + r.code() + (r.problemJson() ? "" : " (not problem+json)");
        }
        return r.status() >= 500 ? "5xx " + r.status() : "authorized (" + r.status() + ")";
    }

    static boolean matches(String expected, String observed) {
        return expected.equals("any") && !observed.startsWith("5xx")
                || expected.equals("authorized") && observed.startsWith("authorized")
                || expected.equals(observed);
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointOfAccountAForEveryCaller() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint e : endpoints(a)) {
            for (Caller c : callers) {
                tests.add(DynamicTest.dynamicTest(e.label(w) + " as " + c.name(), () -> {
                    String want = expected(c.kind(), e.access());
                    Http.Resp r = call(e, c.token());
                    String got = observed(r);
                    boolean leak = r.status() >= 400 && leaksAccountData(r.body(), a);
                    boolean pass = matches(want, got) && !leak;
                    RESULTS.record(
                            AREA_MATRIX,
                            e.label(w) + " — " + c.name(),
                            want,
                            got + (leak ? " LEAKED A's data" : ""),
                            pass);
                    assertTrue(r.status() < 500, () -> "5xx: " + r);
                    assertTrue(matches(want, got), () -> "expected " + want + ", got " + r);
                    assertFalse(leak, () -> "a refusal carried account A's data: " + r);
                }));
            }
        }
        a.issueScimToken(); // the matrix rotated A's SCIM token
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> adminOfAIsRefusedEveryEndpointOfAccountB() {
        return endpoints(b).stream()
                .map(e -> DynamicTest.dynamicTest(e.label(w) + " as admin of A", () -> {
                    Http.Resp r = call(e, adminA);
                    String got = observed(r);
                    boolean leak = leaksAccountData(r.body(), b);
                    RESULTS.record(
                            AREA_MATRIX,
                            e.label(w) + " — admin of A on account B",
                            "403 forbidden",
                            got + (leak ? " LEAKED B's data" : ""),
                            got.equals("403 forbidden") && !leak);
                    assertEquals("403 forbidden", got, r::toString);
                    assertFalse(leak);
                }));
    }

    @Test
    void sessionEndpointShowsOnlyTheTokensOwnIdentity() {
        Http.Resp asB =
                Http.get(w.sso + "/api/session").bearer(b.freshAdminJwt()).send();
        assertEquals(200, asB.status());
        assertEquals(b.id, asB.json().get("accountId").asText());
        Http.Resp forged = Http.get(w.sso + "/api/session")
                .bearer(Jwts.tampered(b.freshAdminJwt(), "acc", a.id))
                .send();
        Http.Resp operator = Http.get(w.sso + "/api/session").bearer(w.op).send();
        Http.Resp mintWithBearer = Http.post(w.sso + "/api/session/token")
                .bearer(a.freshAdminJwt())
                .send();
        boolean pass = forged.status() == 401 && operator.status() == 401 && mintWithBearer.status() == 401;
        RESULTS.record(
                AREA_TOKENS,
                "sso-service GET /api/session with B's JWT / re-pointed JWT / operator token; "
                        + "POST /api/session/token with a bearer instead of the session cookie",
                "own identity only; 401; 401; 401 (tokens are minted from a session cookie only)",
                "accountId=" + asB.json().get("accountId").asText().replace(b.id, "B") + "; " + forged.status() + "; "
                        + operator.status() + "; " + mintWithBearer.status(),
                pass);
        assertEquals(401, forged.status());
        assertEquals(401, operator.status());
        assertEquals(401, mintWithBearer.status());
    }

    @Test
    void revokedUserCannotMintNewTokens() {
        Http.Resp session =
                Http.get(w.sso + "/api/session").bearer(a.revokedJwt).send();
        Instant expiry = Jwts.expiry(a.revokedJwt);
        long ttl =
                expiry.getEpochSecond() - Jwts.claims(a.revokedJwt).path("iat").asLong(expiry.getEpochSecond() - 600);
        Http.Resp relogin = relogin(a, a.revokedEmail);
        boolean pass = ttl <= 600
                && session.status() == 401
                && relogin.status() >= 400
                && relogin.cookie("GH_SESSION").isEmpty();
        RESULTS.record(
                AREA_TOKENS,
                "Revoked admin: residual JWT lifetime, new sign-in",
                "JWT lifetime ≤ 10 min and refused since the revocation (401); sign-in refused, no session",
                "JWT lifetime " + ttl + " s (GET /api/session with it: " + session.status() + "); sign-in "
                        + relogin.status() + ", session cookie "
                        + relogin.cookie("GH_SESSION").isPresent(),
                pass);
        assertTrue(ttl <= 600, "the JWT lives " + ttl + " s");
        assertEquals(401, session.status(), session::toString);
        assertTrue(relogin.status() >= 400 && relogin.status() < 500, relogin::toString);
        assertTrue(relogin.cookie("GH_SESSION").isEmpty());
    }

    private Http.Resp relogin(World.Tenant t, String email) {
        Http.Resp idp = Http.get(w.sim + "/saml2/" + t.appName + "?auto=1&email=" + Http.enc(email))
                .header("Accept", "application/json")
                .send();
        assertEquals(200, idp.status(), idp::toString);
        return Http.post(idp.json().get("acsUrl").asText())
                .form(Map.of("SAMLResponse", idp.json().get("SAMLResponse").asText()))
                .send();
    }

    // --- the account's own admin as attacker ----------------------------------------------------------------------

    /** A loopback HTTP server that counts every request and remembers any {@code x-api-key} it was sent. */
    static final class Trap implements AutoCloseable {
        final com.sun.net.httpserver.HttpServer server;
        final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.Set<String> keys = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Trap(int port) {
            try {
                server = com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 0);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                String key = exchange.getRequestHeaders().getFirst("x-api-key");
                if (key != null) {
                    keys.add(key);
                }
                byte[] body = "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** The directory connection of A as its GET shows it, as a PUT body (no key: the API never returns it). */
    private Map<String, Object> directoryOfA(String token) {
        Http.Resp r = Http.get(a.dirApi()).bearer(token).send();
        assertEquals(200, r.status(), r::toString);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        for (String k : List.of(
                "provider",
                "apiBaseUrl",
                "orgId",
                "applicationId",
                "groupRoleMappings",
                "defaultRole",
                "syncIntervalSeconds",
                "revokeBrake",
                "scimEnabled")) {
            body.put(k, Http.JSON.convertValue(r.json().get(k), Object.class));
        }
        return body;
    }

    private void restoreDirectoryOfA(Map<String, Object> original) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(original);
        body.put("apiKey", w.apiKey);
        Http.Resp r = Http.put(a.dirApi()).bearer(w.op).json(body).send();
        assertEquals(200, r.status(), r::toString);
    }

    private void tenantAdminCase(String name, String want, Http.Resp r) {
        String got = r.status() + (r.status() >= 400 ? " " + r.code() : "");
        boolean pass =
                r.problemJson() == r.status() >= 400 && (want.equals(got) || want.equals("2xx") && r.status() < 300);
        RESULTS.record(AREA_TENANT_ADMIN, name, want, got, pass);
        assertTrue(pass, () -> name + ": expected " + want + ", got " + r);
    }

    /**
     * An admin of A with the stored JumpCloud key tries to point the directory at a host of their choice: to an
     * allowed host without the key (the key would follow it), and to a host off the operator's allow-list with a
     * key. Both are refused, the dry runs after each still go to the stored JumpCloud, and the trap servers
     * listening on those hosts never see a request.
     */
    @Test
    void apiKeyNeverLeavesForAHostTheAdminChose() {
        String admin = a.freshAdminJwt();
        Map<String, Object> original = directoryOfA(w.op);
        try (Trap allowedTrap = new Trap(w.stack.allowedTrapPort);
                Trap otherTrap = new Trap(0)) {
            Map<String, Object> moved = new java.util.LinkedHashMap<>(original);
            moved.put("apiBaseUrl", allowedTrap.url());
            moved.put("syncIntervalSeconds", 30); // saving schedules a run right away
            tenantAdminCase(
                    "admin of A: directory apiBaseUrl → another allowed host, without apiKey (stored key kept)",
                    "400 api_key_required",
                    Http.put(a.dirApi()).bearer(admin).json(moved).send());
            tenantAdminCase(
                    "admin of A: dry run after the refused change",
                    "2xx",
                    Http.post(a.dirApi() + "/sync?wait=true&dryRun=true")
                            .bearer(admin)
                            .send());

            moved.put("apiBaseUrl", otherTrap.url());
            moved.put("apiKey", "the-admins-own-key-" + World.random(4));
            tenantAdminCase(
                    "admin of A: directory apiBaseUrl → a host off the operator's allow-list, with an apiKey",
                    "400 api_base_url_not_allowed",
                    Http.put(a.dirApi()).bearer(admin).json(moved).send());
            tenantAdminCase(
                    "admin of A: dry run after the second refused change",
                    "2xx",
                    Http.post(a.dirApi() + "/sync?wait=true&dryRun=true")
                            .bearer(admin)
                            .send());

            Http.sleep(2500); // two scheduler ticks (1 s in the e2e stack)
            String stored = Http.get(a.dirApi())
                    .bearer(w.op)
                    .send()
                    .json()
                    .get("apiBaseUrl")
                    .asText();
            int requests = allowedTrap.requests.get() + otherTrap.requests.get();
            boolean keySeen = allowedTrap.keys.contains(w.apiKey) || otherTrap.keys.contains(w.apiKey);
            boolean pass = requests == 0 && stored.equals(w.sim);
            RESULTS.record(
                    AREA_TENANT_ADMIN,
                    "trap servers on the admin's hosts after both attempts and the dry runs",
                    "0 requests, the stored JumpCloud key never seen; apiBaseUrl still JumpCloud's",
                    requests + " requests, key seen " + keySeen + "; apiBaseUrl "
                            + (stored.equals(w.sim) ? "still JumpCloud's" : "changed"),
                    pass);
            assertEquals(
                    0, requests, "a trap server received " + requests + " requests (stored key seen: " + keySeen + ")");
            assertEquals(w.sim, stored);
        } finally {
            restoreDirectoryOfA(original);
        }
    }

    /** The OWNER of A, created on first use: a new person of A who signs in and is made OWNER by the operator. */
    private String[] ownerOfA;

    private String[] ownerOfA() {
        if (ownerOfA == null) {
            String email = "owner@" + a.domain;
            a.simUser(email, true);
            String cookie = w.login(a, email);
            String userId = w.awaitUserId(cookie);
            w.grant(a, userId, cookie, "OWNER");
            ownerOfA = new String[] {userId, cookie};
        }
        return ownerOfA;
    }

    /**
     * Role escalation by the account's own admin: against an OWNER of A, on themselves, through the directory's
     * group → role mappings and through default roles; and what an OWNER may do instead.
     */
    @Test
    void adminOfACannotEscalateRolesAndAnOwnerMayOnlyWhereTheApiSaysSo() {
        String[] owner = ownerOfA();
        String ownerId = owner[0];
        String ownerJwt = w.mint(owner[1]).json().get("token").asText();
        String admin = a.freshAdminJwt();
        String user = a.usersApi() + "/users/";
        Map<String, Object> directory = directoryOfA(w.op);
        try {
            // an ADMIN against the OWNER of A
            tenantAdminCase(
                    "admin of A: re-role the OWNER of A to AGENT",
                    "403 role_escalation",
                    Http.put(user + ownerId + "/role")
                            .bearer(admin)
                            .json(Map.of("role", "AGENT"))
                            .send());
            tenantAdminCase(
                    "admin of A: clear the OWNER's role",
                    "403 role_escalation",
                    Http.delete(user + ownerId + "/role").bearer(admin).send());
            tenantAdminCase(
                    "admin of A: revoke the OWNER of A",
                    "403 role_escalation",
                    Http.post(user + ownerId + "/revoke").bearer(admin).send());
            tenantAdminCase(
                    "admin of A: restore the OWNER of A",
                    "403 role_escalation",
                    Http.post(user + ownerId + "/restore").bearer(admin).send());
            tenantAdminCase(
                    "admin of A: make the agent of A OWNER",
                    "403 role_escalation",
                    Http.put(user + a.agentUserId + "/role")
                            .bearer(admin)
                            .json(Map.of("role", "OWNER"))
                            .send());
            // an ADMIN on themselves
            tenantAdminCase(
                    "admin of A: re-role themselves (ADMIN again)",
                    "403 role_escalation",
                    Http.put(user + a.adminUserId + "/role")
                            .bearer(admin)
                            .json(Map.of("role", "ADMIN"))
                            .send());
            tenantAdminCase(
                    "admin of A: clear their own role",
                    "403 role_escalation",
                    Http.delete(user + a.adminUserId + "/role").bearer(admin).send());
            tenantAdminCase(
                    "admin of A: restore themselves",
                    "403 role_escalation",
                    Http.post(user + a.adminUserId + "/restore").bearer(admin).send());
            // through the directory and the defaults
            Map<String, Object> ownerMapping = new java.util.LinkedHashMap<>(directory);
            ownerMapping.put("groupRoleMappings", Map.of(a.id + " people", "OWNER"));
            tenantAdminCase(
                    "admin of A: map A's group to OWNER (directory-service)",
                    "403 role_escalation",
                    Http.put(a.dirApi()).bearer(admin).json(ownerMapping).send());
            Map<String, Object> ownerDefault = new java.util.LinkedHashMap<>(directory);
            ownerDefault.put("defaultRole", "OWNER");
            tenantAdminCase(
                    "admin of A: directory default role OWNER",
                    "400 invalid_default_role",
                    Http.put(a.dirApi()).bearer(admin).json(ownerDefault).send());
            tenantAdminCase(
                    "admin of A: SSO connection default role OWNER (sso-service)",
                    "400 validation_failed",
                    Http.put(a.ssoApi() + "/sso")
                            .bearer(admin)
                            .json(ssoOfAWithDefaultRole("OWNER"))
                            .send());
            // an OWNER may act on roles, mappings and owners, but not on their own role
            tenantAdminCase(
                    "OWNER of A: re-role themselves",
                    "403 role_escalation",
                    Http.put(user + ownerId + "/role")
                            .bearer(ownerJwt)
                            .json(Map.of("role", "ADMIN"))
                            .send());
            tenantAdminCase(
                    "OWNER of A: set the admin of A's role (ADMIN)",
                    "2xx",
                    Http.put(user + a.adminUserId + "/role")
                            .bearer(ownerJwt)
                            .json(Map.of("role", "ADMIN"))
                            .send());
            tenantAdminCase(
                    "OWNER of A: map A's group to OWNER",
                    "2xx",
                    Http.put(a.dirApi()).bearer(ownerJwt).json(ownerMapping).send());
            tenantAdminCase(
                    "OWNER of A: remove that mapping again",
                    "2xx",
                    Http.put(a.dirApi()).bearer(ownerJwt).json(directory).send());
            Http.Resp state = Http.get(user + ownerId).bearer(w.op).send();
            assertEquals("OWNER", state.json().path("role").asText(), state::toString);
            assertEquals("ACTIVE", state.json().path("status").asText(), state::toString);
        } finally {
            // whatever the outcome, A's admin stays ADMIN, its owner active, its directory as it was
            w.grant(a, a.adminUserId, a.adminCookie, "ADMIN");
            Http.post(user + ownerId + "/restore").bearer(w.op).send();
            restoreDirectoryOfA(directory);
        }
    }

    private Map<String, Object> ssoOfAWithDefaultRole(String role) {
        Http.Resp r = Http.get(a.ssoApi() + "/sso").bearer(w.op).send();
        assertEquals(200, r.status(), r::toString);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        for (String k : List.of(
                "enabled",
                "idpEntityId",
                "idpSsoUrl",
                "allowIdpInitiated",
                "clockSkewSeconds",
                "authnRequestBinding")) {
            body.put(k, Http.JSON.convertValue(r.json().get(k), Object.class));
        }
        List<String> pems = new ArrayList<>();
        r.json().get("certificates").forEach(c -> pems.add(c.get("pem").asText()));
        body.put("idpCertificatesPem", pems);
        body.put("defaultRole", role);
        return body;
    }

    // --- hostile bodies ------------------------------------------------------------------------------------------

    record JsonEndpoint(String label, String method, String url, String wrongTypes, String mainField) {}

    List<JsonEndpoint> jsonEndpoints() {
        return List.of(
                new JsonEndpoint(
                        "user-service PUT /api/accounts/{A}",
                        "PUT",
                        a.usersApi(),
                        "{\"name\":123,\"plan\":[\"BUSINESS\"]}",
                        "name"),
                new JsonEndpoint(
                        "user-service PUT /api/accounts/{A}/users/{agent}/role",
                        "PUT",
                        a.usersApi() + "/users/" + a.agentUserId + "/role",
                        "{\"role\":{\"name\":\"OWNER\"}}",
                        "role"),
                new JsonEndpoint(
                        "sso-service POST /api/accounts/{A}/domains",
                        "POST",
                        a.ssoApi() + "/domains",
                        "{\"domain\":[\"acme.test\"]}",
                        "domain"),
                new JsonEndpoint(
                        "sso-service PUT /api/accounts/{A}/sso",
                        "PUT",
                        a.ssoApi() + "/sso",
                        "{\"enabled\":\"yes\",\"clockSkewSeconds\":\"abc\",\"idpCertificatesPem\":\"not-a-list\"}",
                        "idpEntityId"),
                new JsonEndpoint(
                        "directory-service PUT /api/accounts/{A}/directory",
                        "PUT",
                        a.dirApi(),
                        "{\"provider\":5,\"syncIntervalSeconds\":\"soon\",\"revokeBrake\":[1,2]}",
                        "apiKey"));
    }

    static final String FIVE_MB = "a".repeat(5 * 1024 * 1024);

    @TestFactory
    Stream<DynamicTest> malformedOversizedAndWronglyTypedBodiesAreRefusedAs4xxProblems() {
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("truncated JSON", "{\"name\": \"x\",");
        bodies.put("binary garbage", "\u0000\u0001\u0002garbage\uFFFF");
        bodies.put("array instead of object", "[1,2,3]");
        bodies.put("empty body", "");
        bodies.put("100,000 nested arrays", "[".repeat(100_000) + "]".repeat(100_000));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonEndpoint e : jsonEndpoints()) {
            Map<String, String> cases = new java.util.LinkedHashMap<>(bodies);
            cases.put("wrong types", e.wrongTypes());
            cases.put("5 MB " + e.mainField(), "{\"" + e.mainField() + "\":\"" + FIVE_MB + "\"}");
            cases.forEach((name, body) -> tests.add(DynamicTest.dynamicTest(e.label() + ": " + name, () -> {
                Http.Resp r =
                        Http.method(e.method(), e.url()).bearer(w.op).json(body).send();
                check(e.label() + ": " + name, r);
            })));
            tests.add(DynamicTest.dynamicTest(e.label() + ": JSON sent as text/plain", () -> {
                Http.Resp r = Http.method(e.method(), e.url())
                        .bearer(w.op)
                        .body("text/plain", "{}")
                        .send();
                check(e.label() + ": JSON sent as text/plain", r);
            }));
        }
        for (String[] xml : List.of(
                new String[] {"malformed XML", "<md:EntityDescriptor"},
                new String[] {
                    "DOCTYPE with external entity",
                    "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM "
                            + "\"file:///etc/passwd\">]><md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
                            + "entityID=\"&x;\"/>"
                },
                new String[] {
                    "5 MB XML",
                    "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"" + FIVE_MB
                            + "\"/>"
                },
                new String[] {"3,000 nested elements", "<a>".repeat(3000) + "</a>".repeat(3000)})) {
            tests.add(DynamicTest.dynamicTest("sso-service POST /api/accounts/{A}/sso/idp-metadata: " + xml[0], () -> {
                Http.Resp r = Http.post(a.ssoApi() + "/sso/idp-metadata")
                        .bearer(w.op)
                        .body("application/xml", xml[1])
                        .send();
                check("sso-service POST /api/accounts/{A}/sso/idp-metadata: " + xml[0], r);
            }));
        }
        return tests.stream();
    }

    private void check(String name, Http.Resp r) {
        if (r.status() == 413) {
            // over the HTTP layer's body limit (sso-service: 256K): refused before JAX-RS, by platform's
            // PayloadTooLarge
            assertEquals("payload_too_large", r.code(), r::toString);
        }
        boolean pass = r.status() >= 400 && r.status() < 500 && r.problemJson() && r.code() != null;
        RESULTS.record(
                AREA_INPUT,
                name,
                "4xx problem+json with a code",
                r.status() + " "
                        + (r.problemJson() ? "problem+json " + r.code() : "content-type " + r.header("content-type")),
                pass);
        assertTrue(r.status() >= 400 && r.status() < 500, () -> "expected 4xx: " + r);
        assertTrue(r.problemJson(), () -> "not problem+json: " + r.header("content-type") + " " + r);
        assertTrue(r.code() != null, () -> "no code: " + r);
    }

    // --- SCIM -----------------------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> scimRefusesWrongTokensBadFiltersAndHugePayloads() {
        List<DynamicTest> tests = new ArrayList<>();
        String users = a.scimBase() + "/Users";
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("wrong token", "scim-" + World.random(16));
        tokens.put("B's SCIM token", b.scimToken);
        tokens.put("A's admin JWT", adminA);
        tokens.put("operator token", w.op);
        tokens.forEach((name, token) -> tests.add(DynamicTest.dynamicTest("SCIM GET /Users of A with " + name, () -> {
            Http.Resp r = Http.get(users).bearer(token).send();
            scimCheck("GET /scim/v2/{A}/Users with " + name, r, 401, null);
        })));
        for (String filter : List.of(
                "userName eq",
                "((((((",
                "userName xx \"a\"",
                "emails[type eq \"work\"",
                "userName eq \"a\")",
                "userName eq \"a\" and",
                "(".repeat(500) + "userName pr",
                "\u0000")) {
            tests.add(DynamicTest.dynamicTest("SCIM filter " + Http.abbreviate(filter), () -> {
                Http.Resp r = Http.get(users + "?filter=" + Http.enc(filter))
                        .bearer(a.scimToken)
                        .send();
                String label =
                        filter.length() > 40 ? filter.substring(0, 12) + "…(" + filter.length() + " chars)" : filter;
                scimCheck("GET /Users?filter=" + label.replace("\u0000", "\\u0000"), r, 400, "invalidFilter");
            }));
        }
        tests.add(DynamicTest.dynamicTest("SCIM filter nested 500 deep", () -> {
            Http.Resp r = Http.get(users + "?filter=" + Http.enc("(".repeat(500) + "userName pr" + ")".repeat(500)))
                    .bearer(a.scimToken)
                    .send();
            scimCheck("GET /Users?filter=(…(userName pr)…) nested 500 deep (valid)", r, 200, null);
        }));
        tests.add(DynamicTest.dynamicTest("SCIM POST /Users with 5 MB", () -> {
            Http.Resp r = Http.post(users)
                    .bearer(a.scimToken)
                    .body(
                            "application/scim+json",
                            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + FIVE_MB
                                    + "\"}")
                    .send();
            scimCheck("POST /Users with a 5 MB userName", r, 400, null);
        }));
        tests.add(DynamicTest.dynamicTest("SCIM POST /Users malformed", () -> {
            Http.Resp r = Http.post(users)
                    .bearer(a.scimToken)
                    .body("application/scim+json", "{\"userName\":")
                    .send();
            scimCheck("POST /Users with truncated JSON", r, 400, "invalidSyntax");
        }));
        tests.add(DynamicTest.dynamicTest("SCIM PATCH of an unknown user with a hostile path", () -> {
            Http.Resp r = Http.patch(users + "/" + UUID.randomUUID())
                    .bearer(a.scimToken)
                    .body(
                            "application/scim+json",
                            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"remove\","
                                    + "\"path\":\"members[" + "(".repeat(300) + "value pr" + ")".repeat(300) + "]\"}]}")
                    .send();
            scimCheck("PATCH /Users/{unknown} with a deeply nested path filter", r, 404, null);
        }));
        return tests.stream();
    }

    private void scimCheck(String name, Http.Resp r, int status, String scimType) {
        String type = r.header("content-type");
        boolean scimJson = type != null && type.startsWith("application/scim+json");
        String got = r.status()
                + (scimType == null ? "" : " " + r.json().path("scimType").asText(""))
                + (scimJson ? "" : " (content-type " + type + ")");
        boolean leak = leaksAccountData(r.body(), a) || leaksAccountData(r.body(), b);
        String want = status + (scimType == null ? "" : " " + scimType);
        boolean pass = got.equals(want) && !leak;
        RESULTS.record(
                AREA_SCIM,
                name,
                want + (status < 300 ? " list response" : " SCIM error"),
                got + (leak ? " LEAKED account data" : ""),
                pass);
        assertEquals(want, got, r::toString);
        assertFalse(leak, r::toString);
    }

    /** Whether a refusal body carries the account's people (emails, user ids) or its secrets. */
    static boolean leaksAccountData(String body, World.Tenant t) {
        if (body == null) {
            return false;
        }
        return body.contains(t.adminEmail)
                || body.contains(t.agentEmail)
                || (t.adminUserId != null && body.contains(t.adminUserId))
                || (t.agentUserId != null && body.contains(t.agentUserId))
                || (t.scimToken != null && body.contains(t.scimToken));
    }
}
