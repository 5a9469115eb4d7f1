package io.gatehouse.sso.it;

import static io.gatehouse.sso.it.Fixture.LOGIN_COOKIE;
import static io.gatehouse.sso.it.Fixture.await;
import static io.gatehouse.sso.it.Fixture.connection;
import static io.gatehouse.sso.it.Fixture.domainFor;
import static io.gatehouse.sso.it.Fixture.operator;
import static io.gatehouse.sso.it.Fixture.outbox;
import static io.gatehouse.sso.it.Fixture.postAcs;
import static io.gatehouse.sso.it.Fixture.putConnection;
import static io.gatehouse.sso.it.Fixture.readyAccount;
import static io.gatehouse.sso.it.SamlFlows.responseFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.AccountUpserted;
import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.Plan;
import io.gatehouse.sso.saml.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 points 4 and 6 over HTTP: a sign-in form posted from another site starts nothing; a SAML login that
 * would replace a live session of someone else asks first; a plan without SSO stops logins and ends sessions; the
 * IdP may only sign in emails of the account's verified domains.
 */
@QuarkusTest
class LoginIntegrityTest {
    private static final String SESSION = "GH_SESSION";
    private static final String PRESENCE = "GH_PRESENCE";

    private static String email(String accountId) {
        return "li-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(accountId);
    }

    private static Response postLogin(String email, Map<String, String> headers) {
        return given().redirects()
                .follow(false)
                .contentType(ContentType.URLENC)
                .headers(headers)
                .formParam("email", email)
                .post("/sso/login");
    }

    private static void assertCrossSiteRefused(Response response) {
        response.then()
                .statusCode(403)
                .contentType(containsString("text/html"))
                .body(containsString("sent from another site"))
                .body(containsString("id=\"reference\""));
        assertNull(response.getCookie(LOGIN_COOKIE), "a refused start must not set the login cookie");
    }

    // --- point 4: login CSRF ------------------------------------------------------------------------------------

    @Test
    void aSignInFormPostedFromAnotherSiteStartsNothing() {
        String accountId = readyAccount("REDIRECT", false, TestKeys.idp());
        String email = email(accountId);
        assertCrossSiteRefused(postLogin(email, Map.of("Origin", "https://evil.test")));
        assertCrossSiteRefused(postLogin(email, Map.of("Origin", "null")));
        assertCrossSiteRefused(postLogin(email, Map.of("Sec-Fetch-Site", "cross-site")));
        assertCrossSiteRefused(postLogin(email, Map.of("Sec-Fetch-Site", "same-site")));
        assertCrossSiteRefused(
                postLogin(email, Map.of("Sec-Fetch-Site", "same-origin", "Origin", "https://evil.test")));
        // neither header (an old browser): only the sign-in page's own form token lets it through
        assertCrossSiteRefused(postLogin(email, Map.of()));
    }

    @Test
    void aSignInFormPostedFromTheSignInPageStartsTheLogin() {
        String accountId = readyAccount("REDIRECT", false, TestKeys.idp());
        String email = email(accountId);
        postLogin(email, Map.of("Origin", "http://localhost:8081")).then().statusCode(302);
        postLogin(email, Map.of("Sec-Fetch-Site", "same-origin")).then().statusCode(302);
        // neither header: the page's hidden csrf field and its GH_FORM cookie
        Response page = given().get("/sso/login");
        String token = SamlFlows.hidden(page.asString(), "csrf");
        String cookie = page.getCookie("GH_FORM");
        assertEquals(token, cookie);
        given().redirects()
                .follow(false)
                .contentType(ContentType.URLENC)
                .cookie("GH_FORM", cookie)
                .formParam("email", email)
                .formParam("csrf", token)
                .post("/sso/login")
                .then()
                .statusCode(302);
        given().redirects()
                .follow(false)
                .contentType(ContentType.URLENC)
                .cookie("GH_FORM", cookie)
                .formParam("email", email)
                .formParam("csrf", token + "x")
                .post("/sso/login")
                .then()
                .statusCode(403);
    }

    // --- point 4: session swap ----------------------------------------------------------------------------------

    private record Browser(String session, String presence) {}

    private static Browser signIn(String accountId, String email) {
        Response acs = postAcs(accountId, responseFor(accountId, email).base64(), null);
        acs.then().statusCode(303);
        assertNotNull(acs.getCookie(SESSION));
        assertNotNull(acs.getCookie(PRESENCE), "no presence cookie");
        return new Browser(acs.getCookie(SESSION), acs.getCookie(PRESENCE));
    }

    private static Response acsFrom(Map<String, String> cookies, String accountId, String email) {
        return given().redirects()
                .follow(false)
                .contentType(ContentType.URLENC.withCharset("UTF-8"))
                .cookies(cookies)
                .formParam("SAMLResponse", responseFor(accountId, email).base64())
                .post("/saml/{a}/acs", accountId);
    }

    private static Response answer(Map<String, String> cookies, String token, String decision) {
        return given().redirects()
                .follow(false)
                .contentType(ContentType.URLENC)
                .cookies(cookies)
                .header("Sec-Fetch-Site", "same-origin")
                .formParam("token", token)
                .formParam("decision", decision)
                .post("/sso/switch");
    }

    private static void sessionOf(String session, int status) {
        given().cookie(SESSION, session).get("/api/session").then().statusCode(status);
    }

    @Test
    void aLoginOfAnotherUserAsksBeforeReplacingTheSessionAndContinueSwitches() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        String alice = email(accountId);
        String mallory = email(accountId);
        Browser browser = signIn(accountId, alice);
        Response ask = acsFrom(Map.of(SESSION, browser.session()), accountId, mallory);
        ask.then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("You are signed in as <strong id=\"current-email\">" + alice))
                .body(containsString("continue as <strong id=\"new-email\">" + mallory));
        assertNull(ask.getCookie(SESSION), "the session must not be replaced before the person confirms");
        assertEquals(0, outbox(LoginSucceeded.TYPE, mallory).size());
        sessionOf(browser.session(), 200);
        String token = SamlFlows.hidden(ask.asString(), "token");

        // the token is bound to the session it would replace
        Browser other = signIn(accountId, email(accountId));
        answer(Map.of(SESSION, other.session()), token, "continue").then().statusCode(400);
        // a cross-site answer is refused
        given().redirects()
                .follow(false)
                .contentType(ContentType.URLENC)
                .cookie(SESSION, browser.session())
                .header("Origin", "https://evil.test")
                .formParam("token", token)
                .formParam("decision", "continue")
                .post("/sso/switch")
                .then()
                .statusCode(403);

        Response switched = answer(Map.of(SESSION, browser.session()), token, "continue");
        switched.then().statusCode(303);
        String newSession = switched.getCookie(SESSION);
        assertNotNull(newSession);
        given().cookie(SESSION, newSession)
                .get("/api/session")
                .then()
                .statusCode(200)
                .body("email", equalTo(mallory));
        sessionOf(browser.session(), 401);
        assertEquals(1, outbox(LoginSucceeded.TYPE, mallory).size());
        // one-time: the same token again does nothing
        answer(Map.of(SESSION, newSession), token, "continue").then().statusCode(400);
    }

    @Test
    void cancellingASessionSwitchKeepsTheCurrentSession() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        String alice = email(accountId);
        Browser browser = signIn(accountId, alice);
        // the IdP's cross-site POST carries only the presence cookie (the session cookie is SameSite=Lax)
        Response ask = acsFrom(Map.of(PRESENCE, browser.presence()), accountId, email(accountId));
        ask.then().statusCode(200).body(containsString(alice));
        String token = SamlFlows.hidden(ask.asString(), "token");
        Response cancelled = answer(Map.of(SESSION, browser.session()), token, "cancel");
        cancelled.then().statusCode(303).header("Location", containsString("/app"));
        assertNull(cancelled.getCookie(SESSION));
        given().cookie(SESSION, browser.session())
                .get("/api/session")
                .then()
                .statusCode(200)
                .body("email", equalTo(alice));
        answer(Map.of(SESSION, browser.session()), token, "continue").then().statusCode(400);
    }

    @Test
    void aLoginIntoAnotherAccountAsksToo() {
        String a = readyAccount("POST", true, TestKeys.idp());
        String b = readyAccount("POST", true, TestKeys.idp());
        Browser browser = signIn(a, email(a));
        acsFrom(Map.of(SESSION, browser.session()), b, email(b))
                .then()
                .statusCode(200)
                .body(containsString("Test " + a))
                .body(containsString("Test " + b));
    }

    @Test
    void theSameUserSigningInAgainIsNotAsked() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        String alice = email(accountId);
        Browser browser = signIn(accountId, alice);
        Response again = acsFrom(Map.of(SESSION, browser.session()), accountId, alice.toUpperCase());
        again.then().statusCode(303);
        assertNotNull(again.getCookie(SESSION));
    }

    // --- point 6: plan and domain rules at login ----------------------------------------------------------------

    @Test
    void anAccountDowngradedBelowBusinessCannotSignInAndItsSessionsEnd() {
        String accountId = readyAccount("REDIRECT", true, TestKeys.idp());
        String email = email(accountId);
        Browser browser = signIn(accountId, email);
        Fixture.publish(AccountUpserted.of(Instant.now(), accountId, "Test " + accountId, Plan.STANDARD));
        await(
                "the session of a downgraded account ends",
                Duration.ofSeconds(30),
                () -> given().cookie(SESSION, browser.session())
                                .get("/api/session")
                                .statusCode()
                        == 401);
        Response acs = postAcs(accountId, responseFor(accountId, email).base64(), null);
        acs.then()
                .statusCode(403)
                .contentType(containsString("text/html"))
                .body(containsString("SSO is not available on this plan"))
                .body(containsString("id=\"reference\""));
        assertNull(acs.getCookie(SESSION));
        assertTrue(outbox("LoginFailed", accountId).stream().anyMatch(p -> p.contains("\"code\":\"plan\"")));
        postLogin(email, Map.of("Sec-Fetch-Site", "same-origin"))
                .then()
                .statusCode(403)
                .body(containsString("SSO is not available on this plan"));
        // back on BUSINESS: logins work again
        Fixture.publish(AccountUpserted.of(Instant.now(), accountId, "Test " + accountId, Plan.BUSINESS));
        await(
                "logins work again on BUSINESS",
                Duration.ofSeconds(30),
                () -> postLogin(email, Map.of("Sec-Fetch-Site", "same-origin")).statusCode() == 302);
    }

    @Test
    void anEmailOutsideTheVerifiedDomainsIsRefusedUnlessTheConnectionAllowsIt() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        String foreign = "ceo-" + UUID.randomUUID().toString().substring(0, 6) + "@other-customer.test";
        Response refused = postAcs(accountId, responseFor(accountId, foreign).base64(), null);
        refused.then().statusCode(403).body(containsString("User not recognized"));
        assertNull(refused.getCookie(SESSION));
        assertTrue(outbox("LoginFailed", accountId).stream().anyMatch(p -> p.contains("\"code\":\"email_domain\"")));

        Map<String, Object> body = connection(true, "POST", true, TestKeys.idp());
        body.put("allowOtherEmailDomains", true);
        putConnection(accountId, body).then().statusCode(200).body("allowOtherEmailDomains", equalTo(true));
        operator().get("/api/accounts/{a}/sso", accountId).then().body("allowOtherEmailDomains", equalTo(true));
        postAcs(accountId, responseFor(accountId, foreign).base64(), null)
                .then()
                .statusCode(303);
    }
}
