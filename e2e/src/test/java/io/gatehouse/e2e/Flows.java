package io.gatehouse.e2e;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.RestAssured;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What people, admins, the operator and JumpCloud do, over HTTP only: API calls with the operator token, the
 * simulator's control API and IdP, and the browser's SAML round trips (following the forms a browser would
 * auto-submit).
 */
public final class Flows {
    /**
     * Where the flows send their requests: the e2e {@link Stack} of jars, or the containers of the rendered
     * manifests ({@code deploy.ManifestsRunTest}).
     */
    public interface Endpoints {
        String operatorToken();

        String simUrl();

        /** sso-service's public base URL: SP Entity IDs and ACS URLs are built from it. */
        String ssoUrl();

        String usersUrl();

        String directoryUrl();
    }

    private final Endpoints stack;

    public Flows(Endpoints stack) {
        this.stack = stack;
    }

    static final RestAssuredConfig NO_REDIRECTS =
            RestAssured.config().redirect(RedirectConfig.redirectConfig().followRedirects(false));

    public RequestSpecification operator() {
        return RestAssured.given()
                .config(NO_REDIRECTS)
                .auth()
                .oauth2(stack.operatorToken())
                .contentType(ContentType.JSON);
    }

    public RequestSpecification anonymous() {
        return RestAssured.given().config(NO_REDIRECTS);
    }

    public RequestSpecification sim() {
        return RestAssured.given().config(NO_REDIRECTS).baseUri(stack.simUrl()).contentType(ContentType.JSON);
    }

    /** A SAML app in the simulator wired to the account's SP endpoints, bound to the given groups. */
    public JsonPath createSimApp(
            String name, String accountId, String sign, Map<String, String> attributes, List<String> groupIds) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("spEntityId", stack.ssoUrl() + "/saml/" + accountId + "/metadata");
        body.put("acsUrl", stack.ssoUrl() + "/saml/" + accountId + "/acs");
        body.put("idpEntityId", "https://sso.jumpcloud.com/saml2/" + name);
        body.put("sign", sign);
        body.put("attributes", attributes);
        body.put("groupIds", groupIds);
        body.put("declareRedirectEndpoint", true);
        return sim().body(body)
                .post("/sim/apps")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    public String createSimUser(String email, String first, String last) {
        return sim().body(Map.of("email", email, "firstname", first, "lastname", last))
                .post("/sim/users")
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    public String createSimGroup(String name, List<String> userIds) {
        return sim().body(Map.of("name", name, "userIds", userIds))
                .post("/sim/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** An IdP-initiated login from the tile: the simulator signs a response; the browser posts it to the ACS. */
    public Response idpInitiated(String appName, String email) {
        Response idp = anonymous()
                .accept("application/json")
                .queryParam("email", email)
                .queryParam("auto", "1")
                .get(stack.simUrl() + "/saml2/" + appName);
        if (idp.statusCode() != 200) {
            return idp;
        }
        return postToAcs(idp.jsonPath());
    }

    /** "Sign in with SSO": email → our AuthnRequest (HTTP-Redirect) → the simulator signs in → ACS. */
    public Response spInitiated(String email) {
        // posted as the sign-in page's own form (a cross-site POST is refused: login CSRF)
        Response start = anonymous()
                .contentType("application/x-www-form-urlencoded")
                .formParam("email", email)
                .header("Sec-Fetch-Site", "same-origin")
                .post(stack.ssoUrl() + "/sso/login");
        String location = start.header("Location");
        if (start.statusCode() != 302 || location == null) {
            fail("SP-initiated start for " + email + " answered " + start.statusCode() + ": " + start.asString());
        }
        // the browser keeps the login cookie that binds the AuthnRequest to it (login CSRF defence)
        return throughIdpRedirect(location, email, start.getCookie("GH_LOGIN"));
    }

    /** Follows an HTTP-Redirect binding URL (ours, carrying SAMLRequest) into the simulator, signing in as email. */
    public Response throughIdpRedirect(String location, String email) {
        return throughIdpRedirect(location, email, null);
    }

    /** As {@link #throughIdpRedirect(String, String)}, posting to the ACS with the login cookie (null: none). */
    public Response throughIdpRedirect(String location, String email, String loginCookie) {
        Response idp = anonymous()
                .accept("application/json")
                .urlEncodingEnabled(false)
                .get(location + "&email=" + java.net.URLEncoder.encode(email, java.nio.charset.StandardCharsets.UTF_8)
                        + "&auto=1");
        if (idp.statusCode() != 200) {
            return idp;
        }
        return postToAcs(idp.jsonPath(), loginCookie);
    }

    /** Completes a login that starts at a URL we hand out: our auto-posting page, or the IdP redirect. */
    public Response completeLoginAt(String url, String email) {
        if (url.startsWith(stack.ssoUrl())) {
            String page = anonymous().get(url).then().statusCode(200).extract().asString();
            return throughAutoPostForm(page, email);
        }
        return throughIdpRedirect(url, email);
    }

    /** Follows an auto-submitting HTML form (our AuthnRequest POST binding) into the simulator, signing in as email. */
    public Response throughAutoPostForm(String html, String email) {
        Document doc = Jsoup.parse(html);
        Element form = doc.selectFirst("form");
        if (form == null) {
            fail("no auto-submitting form in: " + html);
        }
        RequestSpecification req =
                anonymous().accept("application/json").contentType("application/x-www-form-urlencoded");
        for (Element input : form.select("input[name]")) {
            req = req.formParam(input.attr("name"), input.attr("value"));
        }
        Response idp = req.formParam("email", email).formParam("auto", "1").post(form.attr("action"));
        if (idp.statusCode() != 200) {
            return idp;
        }
        return postToAcs(idp.jsonPath());
    }

    public Response postToAcs(JsonPath idpAnswer) {
        return postToAcs(idpAnswer, null);
    }

    /** Posts the IdP's answer to the ACS as the browser would, with the login cookie it holds (null: none). */
    public Response postToAcs(JsonPath idpAnswer, String loginCookie) {
        RequestSpecification req = anonymous()
                .contentType("application/x-www-form-urlencoded")
                .formParam("SAMLResponse", idpAnswer.getString("SAMLResponse"));
        if (loginCookie != null) {
            req = req.cookie("GH_LOGIN", loginCookie);
        }
        String relay = idpAnswer.getString("RelayState");
        if (relay != null && !relay.isEmpty()) {
            req = req.formParam("RelayState", relay);
        }
        return req.post(idpAnswer.getString("acsUrl"));
    }

    public static String sessionCookie(Response acs) {
        assertEquals(
                303,
                acs.statusCode(),
                () -> "expected a signed-in redirect, got " + acs.statusCode() + ": " + acs.asString());
        String cookie = acs.getCookie("GH_SESSION");
        if (cookie == null || cookie.isEmpty()) {
            fail("no session cookie");
        }
        return cookie;
    }

    public Response session(String cookie) {
        return anonymous().cookie("GH_SESSION", cookie).get(stack.ssoUrl() + "/api/session");
    }

    /** The user-service view of the user with this email in the account, or null. */
    public Map<String, Object> userByEmail(String accountId, String email) {
        JsonPath page = operator()
                .queryParam("q", email)
                .queryParam("size", 200)
                .get(stack.usersUrl() + "/api/accounts/" + accountId + "/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Map<String, Object>> items = page.getList("items");
        for (Map<String, Object> item : items) {
            if (email.equalsIgnoreCase(String.valueOf(item.get("email")))) {
                return item;
            }
        }
        return null;
    }

    /** An account whose SSO is set up against a simulator app bound to one group holding the given people. */
    public record Account(String id, String appName, String appId, String groupId, Map<String, String> simUserIds) {}

    public Account ssoAccount(String accountId, String domain, List<String> people) {
        operator()
                .body(Map.of("name", accountId, "plan", "BUSINESS"))
                .put(stack.usersUrl() + "/api/accounts/" + accountId)
                .then()
                .statusCode(201);
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (String person : people) {
            ids.put(person, createSimUser(person + "@" + domain, person, accountId));
        }
        String group = createSimGroup(accountId + " members", List.copyOf(ids.values()));
        String appName = accountId + "-app";
        String appId = createSimApp(
                        appName,
                        accountId,
                        "BOTH",
                        Map.of("email", "email", "firstName", "firstname", "lastName", "lastname"),
                        List.of(group))
                .getString("_id");
        JsonPath d = operator()
                .body(Map.of("domain", domain))
                .post(stack.ssoUrl() + "/api/accounts/" + accountId + "/domains")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        sim().body(Map.of("txt", List.of(d.getString("txtRecordValue"))))
                .put("/sim/dns/" + d.getString("txtRecordName"))
                .then()
                .statusCode(200);
        operator()
                .post(stack.ssoUrl() + "/api/accounts/" + accountId + "/domains/" + domain + "/verify")
                .then()
                .statusCode(200);
        Map<String, Object> sso = new HashMap<>();
        sso.put("enabled", true);
        sso.put("idpEntityId", "https://sso.jumpcloud.com/saml2/" + appName);
        sso.put("idpSsoUrl", stack.simUrl() + "/saml2/" + appName);
        sso.put(
                "idpCertificatesPem",
                List.of(sim().get("/sim/apps/" + appId + "/certificate")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString()));
        sso.put("defaultRole", "AGENT");
        sso.put("allowIdpInitiated", true);
        sso.put("clockSkewSeconds", 120);
        sso.put("authnRequestBinding", "REDIRECT");
        await(
                "SSO enabled for " + accountId,
                Duration.ofSeconds(60),
                () -> operator()
                                .body(sso)
                                .put(stack.ssoUrl() + "/api/accounts/" + accountId + "/sso")
                                .statusCode()
                        == 200);
        return new Account(accountId, appName, appId, group, ids);
    }

    /** A directory connection with its SCIM endpoint: the directory API's base, SCIM's base URL and bearer token. */
    public record ScimDirectory(String directoryBase, String scimBase, String token) {}

    /**
     * Connects the account's directory to the simulator's API (key, org, the account's app; no polling) with SCIM
     * on, and points the app's SCIM push (JumpCloud's Identity Management) at it; the first push is drained.
     */
    public ScimDirectory scimDirectory(Account account, boolean sendExternalId) {
        JsonPath org = sim().get("/sim/org").then().statusCode(200).extract().jsonPath();
        Map<String, Object> directory = new HashMap<>();
        directory.put("provider", "JUMPCLOUD");
        directory.put("apiBaseUrl", stack.simUrl());
        directory.put("apiKey", org.getString("apiKey"));
        directory.put("orgId", org.getString("orgId"));
        directory.put("applicationId", account.appId());
        directory.put("groupRoleMappings", Map.of());
        directory.put("defaultRole", "AGENT");
        directory.put("syncIntervalSeconds", 0);
        directory.put("scimEnabled", true);
        String base = stack.directoryUrl() + "/api/accounts/" + account.id() + "/directory";
        operator().body(directory).put(base).then().statusCode(anyOf(equalTo(200), equalTo(201)));
        JsonPath scim = operator()
                .post(base + "/scim-token")
                .then()
                .statusCode(anyOf(equalTo(200), equalTo(201)))
                .extract()
                .jsonPath();
        Map<String, Object> app = new HashMap<>(sim().get("/sim/apps/" + account.appId())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap(""));
        for (String k : List.of("_id", "certificate", "previousCertificate", "ssoUrl", "metadataUrl", "groupIds")) {
            app.remove(k);
        }
        app.put(
                "scim",
                Map.of(
                        "baseUrl",
                        scim.getString("baseUrl"),
                        "token",
                        scim.getString("token"),
                        "sendExternalId",
                        sendExternalId));
        sim().body(app).put("/sim/apps/" + account.appId()).then().statusCode(200);
        sim().post("/sim/scim/drain").then().statusCode(200);
        return new ScimDirectory(base, scim.getString("baseUrl"), scim.getString("token"));
    }

    /** Runs a sync of the directory (retrying while another run holds the lock) and returns the run. */
    public JsonPath sync(String directoryBase) {
        return await("a sync run", Duration.ofSeconds(60), () -> {
            Response r = operator().post(directoryBase + "/sync?wait=true");
            return r.statusCode() == 200 ? r.jsonPath() : null;
        });
    }

    /** Polls until the supplier returns non-null/true, or fails naming what was awaited. */
    public static <T> T await(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (last != null && !Boolean.FALSE.equals(last)) {
                return last;
            }
            Stack.sleep(100);
        }
        fail("timed out after " + timeout + " waiting for " + what + " (last: " + last + ")");
        return null;
    }
}
