package io.gatehouse.sso.it;

import static io.gatehouse.sso.it.Fixture.LOGIN_COOKIE;
import static io.gatehouse.sso.it.Fixture.domainFor;
import static io.gatehouse.sso.it.Fixture.outbox;
import static io.gatehouse.sso.it.Fixture.postAcs;
import static io.gatehouse.sso.it.Fixture.readyAccount;
import static io.gatehouse.sso.it.SamlFlows.responseFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.sso.saml.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Login CSRF over HTTP: an SP-initiated login completes only in the browser that started it. The start sets the
 * GH_LOGIN cookie; the ACS refuses the response without it, or with another browser's, with {@code browser_binding}
 * (category "Response issue"): 400, no session, no LoginSucceeded.
 */
@QuarkusTest
class LoginCsrfTest {
    private static String accountId;
    private String email;

    @BeforeEach
    void setUp() {
        if (accountId == null) {
            // IdP-initiated off: only solicited responses can log in at all
            accountId = readyAccount("REDIRECT", false, TestKeys.idp());
        }
        email = "csrf-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(accountId);
    }

    /** The SP-initiated start of one browser: its login cookie, the request id and the RelayState. */
    private record Started(String cookie, String requestId, String relayState) {
        String signedResponseFor(String email) {
            return responseFor(accountId, email).inResponseTo(requestId).base64();
        }
    }

    private static Started start(String email, String cookie) {
        Response start = SamlFlows.startLogin(email, null, cookie);
        start.then().statusCode(302);
        return new Started(
                SamlFlows.loginCookie(start),
                SamlFlows.redirectRequestId(start),
                SamlFlows.query(start.getHeader("Location"), "RelayState"));
    }

    private void assertRefusedAsBrowserBinding(Response acs) {
        acs.then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .body(containsString("Response issue"))
                .body(containsString("Reference:"))
                .body(not(containsString("browser_binding")));
        assertNull(acs.getCookie("GH_SESSION"), "a refused login must not set a session cookie");
        assertTrue(outbox(LoginSucceeded.TYPE, email).isEmpty(), "a refused login must not emit LoginSucceeded");
        assertTrue(outbox("LoginFailed", "\"accountId\":\"" + accountId + "\"").stream()
                .anyMatch(p -> p.contains("\"code\":\"browser_binding\"")));
    }

    @Test
    void theStartSetsAnHttpOnlyLoginCookieThatLivesAsLongAsTheRequest() {
        Response start = SamlFlows.startLogin(email, null, null);
        start.then().statusCode(302);
        var cookie = start.getDetailedCookie(LOGIN_COOKIE);
        assertNotNull(cookie, "no login cookie");
        assertTrue(cookie.isHttpOnly());
        assertEquals("/", cookie.getPath());
        assertEquals(300, cookie.getMaxAge());
        assertTrue(cookie.getValue().matches("[A-Za-z0-9_-]{43}"), "a 256-bit random nonce");
        // the tests' public base URL is http: no Secure, and SameSite=Lax (None without Secure is dropped)
        assertEquals("Lax", cookie.getSameSite());
        // the POST binding start page sets it too
        String postAccount = readyAccount("POST", false, TestKeys.idp());
        Response post = SamlFlows.startLogin("someone@" + domainFor(postAccount), null, null);
        post.then().statusCode(200);
        assertNotNull(post.getCookie(LOGIN_COOKIE));
    }

    @Test
    void aResponseCompletedInTheBrowserThatStartedTheLoginSucceeds() {
        Started started = start(email, null);
        Response acs = postAcs(accountId, started.signedResponseFor(email), started.relayState(), started.cookie());
        acs.then().statusCode(303);
        String session = acs.getCookie("GH_SESSION");
        assertNotNull(session);
        given().cookie("GH_SESSION", session).get("/api/session").then().statusCode(200);
        assertEquals(1, outbox(LoginSucceeded.TYPE, email).size());
    }

    @Test
    void theSameResponsePostedWithoutTheLoginCookieIsRefused() {
        Started started = start(email, null);
        String samlResponse = started.signedResponseFor(email);
        assertRefusedAsBrowserBinding(postAcs(accountId, samlResponse, started.relayState(), null));
        assertRefusedAsBrowserBinding(postAcs(accountId, samlResponse, started.relayState(), ""));
    }

    @Test
    void aResponseToTheAttackersRequestPostedFromTheVictimsBrowserIsRefused() {
        Started attacker = start(email, null);
        Started victim =
                start("victim-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(accountId), null);
        assertNotEquals(attacker.cookie(), victim.cookie());
        // the attacker signs in at the IdP and has the victim's browser post the response (auto-submitting form)
        assertRefusedAsBrowserBinding(
                postAcs(accountId, attacker.signedResponseFor(email), attacker.relayState(), victim.cookie()));
        // a made-up cookie value does not pass either
        assertRefusedAsBrowserBinding(
                postAcs(accountId, attacker.signedResponseFor(email), attacker.relayState(), "x".repeat(43)));
    }

    @Test
    void twoLoginsStartedInOneBrowserBothComplete() {
        Started first = start(email, null);
        String secondEmail = "tab2-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(accountId);
        Started second = start(secondEmail, first.cookie());
        assertEquals(first.cookie(), second.cookie(), "the browser keeps its login cookie for a second tab");
        postAcs(accountId, second.signedResponseFor(secondEmail), second.relayState(), second.cookie())
                .then()
                .statusCode(303);
        postAcs(accountId, first.signedResponseFor(email), first.relayState(), first.cookie())
                .then()
                .statusCode(303);
    }

    @Test
    void aMalformedCookieIsReplacedByAFreshNonce() {
        Response start = given().redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .header("Sec-Fetch-Site", "same-origin")
                .cookie(new Cookie.Builder(LOGIN_COOKIE, "short").build())
                .formParam("email", email)
                .post("/sso/login");
        start.then().statusCode(302);
        assertNotEquals("short", SamlFlows.loginCookie(start));
    }
}
