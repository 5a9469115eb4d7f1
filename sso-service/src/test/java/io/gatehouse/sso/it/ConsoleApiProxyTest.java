package io.gatehouse.sso.it;

import static io.gatehouse.sso.it.Fixture.await;
import static io.gatehouse.sso.it.Fixture.domainFor;
import static io.gatehouse.sso.it.Fixture.postAcs;
import static io.gatehouse.sso.it.Fixture.readyAccount;
import static io.gatehouse.sso.it.SamlFlows.responseFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.gatehouse.events.Role;
import io.gatehouse.events.RoleProvenance;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.sso.saml.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console pages and the console API proxy: who may call it (ADMIN/OWNER session, own account only, with the
 * CSRF header), the proxied call to this service's own admin API, and a clean 502 when an upstream is down
 * (user-service and directory-service do not run in these tests; their URLs point at a closed port).
 */
@QuarkusTest
class ConsoleApiProxyTest {
    private static String accountId;
    private static String adminCookie;
    private static String agentCookie;

    /** Set up once, lazily: RestAssured knows the random test port only once a test runs. */
    @BeforeEach
    void sessions() {
        if (accountId != null) {
            return;
        }
        accountId = readyAccount("POST", true, TestKeys.idp());
        adminCookie = session(accountId, Role.ADMIN);
        agentCookie = session(accountId, Role.AGENT);
    }

    /** Signs a user in through the ACS, then announces them from user-service with this role. */
    private static String session(String account, Role role) {
        String email = "console-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(account);
        Response acs = postAcs(account, responseFor(account, email).base64(), null);
        acs.then().statusCode(303);
        String cookie = acs.getCookie("GH_SESSION");
        assertNotNull(cookie);
        String userId = UUID.randomUUID().toString();
        Fixture.publish(UserProvisioned.of(
                Instant.now(), account, userId, email, "Con", "Sole", role, RoleProvenance.MANUAL, "SSO"));
        await(
                "user " + email + " known",
                Duration.ofSeconds(30),
                () -> userId.equals(
                        given().cookie("GH_SESSION", cookie).get("/api/session").path("userId")));
        return cookie;
    }

    private static RequestSpecification console(String cookie) {
        return given().redirects().follow(false).cookie("GH_SESSION", cookie).header("X-Gatehouse-Console", "1");
    }

    @Test
    void adminReachesOwnSsoApiThroughTheProxy() {
        console(adminCookie)
                .get("/console/api/sso/accounts/{a}/sso", accountId)
                .then()
                .statusCode(200)
                .body("accountId", equalTo(accountId))
                .body("enabled", equalTo(true))
                .body("certificates[0].pem", containsString("BEGIN CERTIFICATE"))
                .header("Cache-Control", "no-store");
        console(adminCookie)
                .get("/console/api/sso/accounts/{a}/domains", accountId)
                .then()
                .statusCode(200)
                .body("[0].status", equalTo("VERIFIED"));
        // a write with a JSON body, answered with the service's own problem+json
        console(adminCookie)
                .contentType(ContentType.JSON)
                .body(Map.of("enabled", true, "idpEntityId", "x", "idpSsoUrl", "ftp://not-http"))
                .put("/console/api/sso/accounts/{a}/sso", accountId)
                .then()
                .statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("code", equalTo("validation_failed"))
                .body("detail", containsString("idpSsoUrl"));
    }

    @Test
    void withoutTheConsoleHeaderTheCallIsRefused() {
        given().cookie("GH_SESSION", adminCookie)
                .get("/console/api/sso/accounts/{a}/sso", accountId)
                .then()
                .statusCode(403)
                .contentType(containsString("application/problem+json"))
                .body("code", equalTo("console_header_required"));
        given().cookie("GH_SESSION", adminCookie)
                .header("X-Gatehouse-Console", "yes")
                .post("/console/api/directory/accounts/{a}/directory/sync?wait=true", accountId)
                .then()
                .statusCode(403)
                .body("code", equalTo("console_header_required"));
        console(adminCookie)
                .header("Sec-Fetch-Site", "cross-site")
                .get("/console/api/sso/accounts/{a}/sso", accountId)
                .then()
                .statusCode(403)
                .body("code", equalTo("console_header_required"));
    }

    @Test
    void aNonAdminSessionIsRefused() {
        for (String service : new String[] {"users", "directory", "sso"}) {
            console(agentCookie)
                    .get("/console/api/" + service + "/accounts/{a}/users", accountId)
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("forbidden"));
        }
    }

    @Test
    void anotherAccountsPathIsRefused() {
        String other = readyAccount("POST", true, TestKeys.idp());
        console(adminCookie)
                .get("/console/api/sso/accounts/{a}/sso", other)
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        console(adminCookie)
                .get("/console/api/users/accounts/{a}/users", other)
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        console(adminCookie).get("/console/api/directory/accounts").then().statusCode(403);
        // not under accounts/<own>: refused before anything is forwarded
        console(adminCookie)
                .get("/console/api/users/health")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        // encoded dots cannot climb out of the account
        console(adminCookie)
                .urlEncodingEnabled(false)
                .get("/console/api/sso/accounts/" + accountId + "/%2e%2e/" + other + "/sso")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
        console(adminCookie)
                .get("/console/api/nothing/accounts/{a}/x", accountId)
                .then()
                .statusCode(404);
    }

    @Test
    void withoutASessionTheCallIsUnauthorized() {
        given().header("X-Gatehouse-Console", "1")
                .get("/console/api/users/accounts/{a}/users", accountId)
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthorized"));
        console("not-a-session")
                .get("/console/api/users/accounts/{a}/users", accountId)
                .then()
                .statusCode(401);
    }

    @Test
    void anUnreachableUpstreamIsACleanBadGateway() {
        Response users =
                console(adminCookie).get("/console/api/users/accounts/{a}/users?q=ada&status=ACTIVE", accountId);
        users.then()
                .statusCode(502)
                .contentType(containsString("application/problem+json"))
                .body("code", equalTo("upstream_unavailable"))
                .body("status", equalTo(502))
                .body("detail", containsString("USERS"))
                .body(not(containsString("Exception")));
        console(adminCookie)
                .contentType(ContentType.JSON)
                .body(Map.of("role", "ADMIN"))
                .put("/console/api/users/accounts/{a}/users/{u}/role", accountId, UUID.randomUUID())
                .then()
                .statusCode(502)
                .body("code", equalTo("upstream_unavailable"));
        console(adminCookie)
                .post("/console/api/directory/accounts/{a}/directory/sync?wait=true&dryRun=true", accountId)
                .then()
                .statusCode(502)
                .body("code", equalTo("upstream_unavailable"));
    }

    @Test
    void aBodyOfAnotherTypeIsRefused() {
        console(adminCookie)
                .contentType("application/x-www-form-urlencoded")
                .body("role=ADMIN")
                .put("/console/api/users/accounts/{a}/users/x/role", accountId)
                .then()
                .statusCode(415)
                .body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void consolePagesNeedAnAdminSession() {
        Response anonymous = given().redirects().follow(false).get("/console/users");
        assertEquals(303, anonymous.statusCode());
        assertEquals(
                "/sso/login?returnTo=/console/users",
                anonymous.getHeader("Location").replaceFirst("^https?://[^/]+", ""));
        given().cookie("GH_SESSION", agentCookie)
                .get("/console/settings/sso")
                .then()
                .statusCode(403)
                .body(containsString("Admins only"));
        for (String page : new String[] {"/console/settings/sso", "/console/users", "/console/directory"}) {
            given().cookie("GH_SESSION", adminCookie)
                    .get(page)
                    .then()
                    .statusCode(200)
                    .contentType(containsString("text/html"))
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                    .body(containsString("data-account=\"" + accountId + "\""))
                    .body(not(containsString("<script>")));
        }
        given().cookie("GH_SESSION", adminCookie)
                .get("/console/settings/sso")
                .then()
                .body(containsString("/saml/" + accountId + "/acs"))
                .body(containsString("/saml/" + accountId + "/metadata"));
    }

    @Test
    void landingPageLinksAdminsToTheConsole() {
        given().cookie("GH_SESSION", adminCookie)
                .get("/app")
                .then()
                .statusCode(200)
                .body(containsString("href=\"/console/users\""));
        given().cookie("GH_SESSION", agentCookie)
                .get("/app")
                .then()
                .statusCode(200)
                .body(not(containsString("href=\"/console/users\"")));
        given().get("/assets/console.js").then().statusCode(200).body(containsString("X-Gatehouse-Console"));
    }
}
