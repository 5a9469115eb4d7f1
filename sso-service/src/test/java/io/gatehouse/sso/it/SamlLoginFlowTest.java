package io.gatehouse.sso.it;

import static io.gatehouse.sso.it.Fixture.account;
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
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.Plan;
import io.gatehouse.events.RevocationReason;
import io.gatehouse.events.Role;
import io.gatehouse.events.RoleProvenance;
import io.gatehouse.events.Topics;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.events.UserRestored;
import io.gatehouse.events.UserRevoked;
import io.gatehouse.sso.saml.TestKeys;
import io.gatehouse.sso.saml.TestSamlResponses.Scope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** SP- and IdP-initiated logins, sessions, tokens, replay, rotation, cross-account and revocation over HTTP. */
@QuarkusTest
class SamlLoginFlowTest {

    private static String email(String accountId) {
        return "user-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(accountId);
    }

    private static String loggedIn(Response acs) {
        acs.then().statusCode(303);
        String cookie = acs.getCookie("GH_SESSION");
        assertNotNull(cookie, "no session cookie");
        return cookie;
    }

    private static void assertRefused(Response acs, int status) {
        acs.then().statusCode(status).contentType(containsString("text/html")).body(containsString("Reference:"));
        assertNull(acs.getCookie("GH_SESSION"), "a refused login must not set a session cookie");
    }

    @Test
    void idpInitiatedLoginWorksInEverySigningMode() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        for (Scope scope : List.of(Scope.ASSERTION, Scope.RESPONSE, Scope.BOTH)) {
            String email = email(accountId);
            Response acs = postAcs(
                    accountId, responseFor(accountId, email).scope(scope).base64(), null);
            String cookie = loggedIn(acs);
            assertEquals("/app", acs.getHeader("Location").replaceFirst("^https?://[^/]+", ""));
            var detailed = acs.getDetailedCookie("GH_SESSION");
            assertTrue(detailed.isHttpOnly());
            assertEquals("Lax", detailed.getSameSite());
            given().cookie("GH_SESSION", cookie)
                    .get("/api/session")
                    .then()
                    .statusCode(200)
                    .body("accountId", equalTo(accountId))
                    .body("email", equalTo(email))
                    .body("role", equalTo("AGENT"));
            assertEquals(1, outbox(LoginSucceeded.TYPE, email).size(), scope.name());
            assertTrue(outbox(LoginSucceeded.TYPE, email).get(0).contains("\"flow\":\"IDP_INITIATED\""));
        }
    }

    @Test
    void loginSucceededReachesTheTopic() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        String email = email(accountId);
        loggedIn(postAcs(accountId, responseFor(accountId, email).base64(), null));
        var events = Fixture.kafka()
                .events(
                        Topics.SSO_LOGINS,
                        Duration.ofSeconds(30),
                        e -> e instanceof LoginSucceeded s && email.equals(s.email()),
                        1);
        assertEquals(1, events.size());
        LoginSucceeded event = (LoginSucceeded) events.get(0);
        assertEquals(accountId, event.accountId());
        assertEquals(Role.AGENT, event.defaultRole());
        assertEquals("Jane", event.firstName());
    }

    @Test
    void spInitiatedLoginWithRedirectBinding() {
        String accountId = readyAccount("REDIRECT", false, TestKeys.idp());
        String email = email(accountId);
        Response start = SamlFlows.startLogin(email, "/app/settings");
        start.then()
                .statusCode(302)
                .header("Location", startsWith("https://sso.jumpcloud.com/saml2/gatehouse?SAMLRequest="));
        String location = start.getHeader("Location");
        String xml = SamlFlows.inflate(SamlFlows.query(location, "SAMLRequest"));
        assertTrue(
                xml.contains("AssertionConsumerServiceURL=\"http://localhost:8081/saml/" + accountId + "/acs\""), xml);
        String relay = SamlFlows.query(location, "RelayState");
        String requestId = SamlFlows.requestId(xml);
        String samlResponse =
                responseFor(accountId, email).inResponseTo(requestId).base64();
        String browser = SamlFlows.loginCookie(start);
        Response acs = postAcs(accountId, samlResponse, relay, browser);
        loggedIn(acs);
        assertTrue(acs.getHeader("Location").endsWith("/app/settings"), acs.getHeader("Location"));
        assertTrue(outbox(LoginSucceeded.TYPE, email).get(0).contains("\"flow\":\"SP_INITIATED\""));
        // the same response again: the request was used once
        assertRefused(postAcs(accountId, samlResponse, relay, browser), 400);
        assertEquals(1, outbox(LoginSucceeded.TYPE, email).size());
    }

    @Test
    void spInitiatedLoginWithPostBinding() {
        String accountId = readyAccount("POST", false, TestKeys.idp());
        String email = email(accountId);
        Response start = SamlFlows.startLogin(email.toUpperCase(), null);
        start.then().statusCode(200).body(containsString("action=\"https://sso.jumpcloud.com/saml2/gatehouse\""));
        String xml =
                new String(java.util.Base64.getDecoder().decode(SamlFlows.hidden(start.asString(), "SAMLRequest")));
        String relay = SamlFlows.hidden(start.asString(), "RelayState");
        String requestId = SamlFlows.requestId(xml);
        Response acs = postAcs(
                accountId,
                responseFor(accountId, email).inResponseTo(requestId).base64(),
                relay,
                SamlFlows.loginCookie(start));
        loggedIn(acs);
        assertTrue(acs.getHeader("Location").endsWith("/app"));
    }

    @Test
    void unknownDomainGetsANeutralAnswer() {
        SamlFlows.startLogin("someone@unknown-" + UUID.randomUUID() + ".test", null)
                .then()
                .statusCode(200)
                .body(containsString("Single sign-on is not available"));
        SamlFlows.startLogin("not-an-email", null)
                .then()
                .statusCode(200)
                .body(containsString("Single sign-on is not available"));
    }

    @Test
    void replayedIdpInitiatedResponseIsRefused() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        String email = email(accountId);
        String samlResponse = responseFor(accountId, email).base64();
        loggedIn(postAcs(accountId, samlResponse, null));
        assertRefused(postAcs(accountId, samlResponse, null), 400);
        assertEquals(1, outbox(LoginSucceeded.TYPE, email).size());
        assertTrue(outbox("LoginFailed", email).stream().anyMatch(p -> p.contains("\"code\":\"replay\"")));
    }

    /**
     * Refusals before the signature check go out as one aggregate LoginFailed per account and code a minute
     * (ADR 0011): flushed here instead of waiting for the minute.
     */
    private static java.util.List<String> aggregatedFailures(String accountId) {
        io.quarkus.arc.Arc.container()
                .instance(io.gatehouse.sso.domain.UnverifiedAcsFailures.class)
                .get()
                .flush();
        return outbox("LoginFailed", "\"accountId\":\"" + accountId + "\"").stream()
                .filter(p -> p.contains("\"count\""))
                .toList();
    }

    @Test
    void twoAccountsWithTheSameIdpEntityIdCannotUseEachOthersResponses() {
        String a = readyAccount("POST", true, TestKeys.idp());
        String b = readyAccount("POST", true, TestKeys.otherAccount());
        // A's genuine response posted at B's ACS: wrong Destination for B
        assertRefused(postAcs(b, responseFor(a, email(a)).base64(), null), 400);
        assertTrue(aggregatedFailures(b).stream().anyMatch(p -> p.contains("\"code\":\"destination\"")));
        // a response addressed to B but signed with A's key: B does not trust A's key
        String emailB = email(b);
        assertRefused(postAcs(b, responseFor(b, emailB).keys(TestKeys.idp()).base64(), null), 400);
        assertTrue(aggregatedFailures(b).stream().anyMatch(p -> p.contains("\"code\":\"sig_invalid\"")));
        assertTrue(outbox(LoginSucceeded.TYPE, emailB).isEmpty());
        // B's own key works at B
        loggedIn(postAcs(b, responseFor(b, emailB).keys(TestKeys.otherAccount()).base64(), null));
    }

    @Test
    void rsaSha1SignatureIsAResponseIssueNamingJumpCloudsSignatureAlgorithmSetting() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        Response acs = postAcs(
                accountId,
                responseFor(accountId, email(accountId))
                        .scope(Scope.RESPONSE)
                        .signatureAlgorithm("http://www.w3.org/2000/09/xmldsig#rsa-sha1")
                        .base64(),
                null);
        assertRefused(acs, 400);
        acs.then()
                .body(containsString("Response issue"))
                .body(containsString("set Signature Algorithm to RSA-SHA256"))
                .body(not(containsString("Re-download the IdP certificate")));
    }

    @Test
    void idpEntityIdMismatchNamesTheFieldToCopyInTestConnectionButNotOnThePublicPage() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        // anyone can post an unsigned response with a guessed issuer: the page must not confirm the guess
        Response acs = postAcs(
                accountId,
                responseFor(accountId, email(accountId))
                        .issuer("https://sso.jumpcloud.com/saml2/another-app")
                        .base64(),
                null);
        assertRefused(acs, 400);
        acs.then().body(containsString("Response issue")).body(not(containsString("IdP Entity ID")));

        Response started = operator().post("/api/accounts/{a}/sso/test", accountId);
        String testId = started.path("testId");
        String page = given().get(started.<String>path("loginUrl").replace("http://localhost:8081", ""))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String requestId = SamlFlows.requestId(
                new String(java.util.Base64.getDecoder().decode(SamlFlows.hidden(page, "SAMLRequest"))));
        postAcs(
                        accountId,
                        responseFor(accountId, email(accountId))
                                .inResponseTo(requestId)
                                .issuer("https://sso.jumpcloud.com/saml2/another-app")
                                .base64(),
                        null)
                .then()
                .statusCode(200);
        operator()
                .get("/api/accounts/{a}/sso/test/{t}", accountId, testId)
                .then()
                .statusCode(200)
                .body("failedCode", equalTo("issuer"))
                .body("fix", containsString("Copy the IdP Entity ID from the JumpCloud application's SSO tab"));
    }

    @Test
    void certificateRotationAcceptsBothDuringOverlapAndRefusesTheRemovedOne() {
        TestKeys oldKey = TestKeys.idp();
        TestKeys newKey = TestKeys.generate(
                "CN=rotated",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(400)));
        String accountId = readyAccount("POST", true, oldKey);
        loggedIn(postAcs(
                accountId, responseFor(accountId, email(accountId)).keys(oldKey).base64(), null));
        assertRefused(
                postAcs(
                        accountId,
                        responseFor(accountId, email(accountId)).keys(newKey).base64(),
                        null),
                400);
        putConnection(accountId, connection(true, "POST", true, oldKey, newKey))
                .then()
                .statusCode(200);
        loggedIn(postAcs(
                accountId, responseFor(accountId, email(accountId)).keys(oldKey).base64(), null));
        loggedIn(postAcs(
                accountId, responseFor(accountId, email(accountId)).keys(newKey).base64(), null));
        putConnection(accountId, connection(true, "POST", true, newKey)).then().statusCode(200);
        assertRefused(
                postAcs(
                        accountId,
                        responseFor(accountId, email(accountId)).keys(oldKey).base64(),
                        null),
                400);
        loggedIn(postAcs(
                accountId, responseFor(accountId, email(accountId)).keys(newKey).base64(), null));
    }

    @Test
    void sessionTokenAndRevocation() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        String email = email(accountId);
        String cookie =
                loggedIn(postAcs(accountId, responseFor(accountId, email).base64(), null));
        // no user id yet: a token cannot be issued
        given().cookie("GH_SESSION", cookie)
                .post("/api/session/token")
                .then()
                .statusCode(409)
                .body("code", equalTo("user_not_provisioned"));
        String userId = "user-" + UUID.randomUUID();
        Fixture.publish(UserProvisioned.of(
                Instant.now(), accountId, userId, email, "Jane", "Doe", Role.ADMIN, RoleProvenance.MANUAL, "SSO"));
        await(
                "user provisioned",
                Duration.ofSeconds(30),
                () -> userId.equals(
                        given().cookie("GH_SESSION", cookie).get("/api/session").path("userId")));
        given().cookie("GH_SESSION", cookie).get("/api/session").then().body("role", equalTo("ADMIN"));
        given().cookie("GH_SESSION", cookie)
                .get("/app")
                .then()
                .statusCode(200)
                .body(containsString(email))
                .body(containsString("ADMIN"));
        String token = given().cookie("GH_SESSION", cookie)
                .post("/api/session/token")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        given().header("Authorization", "Bearer " + token)
                .get("/api/accounts/{a}/sso", accountId)
                .then()
                .statusCode(200)
                .body("accountId", equalTo(accountId));
        given().header("Authorization", "Bearer " + token)
                .get("/api/session")
                .then()
                .statusCode(200)
                .body("userId", equalTo(userId));
        given().header("Authorization", "Bearer " + token)
                .get("/api/accounts/{a}/sso", "acct-someone-else")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        given().get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].d", equalTo(null))
                .body(not(containsString("\"p\"")));

        Fixture.publish(UserRevoked.of(Instant.now(), accountId, userId, email, RevocationReason.REMOVED_FROM_GROUP));
        await(
                "session ended",
                Duration.ofSeconds(30),
                () -> given().cookie("GH_SESSION", cookie).get("/api/session").statusCode() == 401);
        Response refused = postAcs(accountId, responseFor(accountId, email).base64(), null);
        assertRefused(refused, 403);
        // the person is told to ask for their access back, not to be added to a group
        refused.then()
                .body(containsString("Ask your administrator to restore it"))
                .body(not(containsString("user group")));
        assertTrue(outbox("LoginFailed", email).stream().anyMatch(p -> p.contains("\"code\":\"user_revoked\"")));

        Fixture.publish(UserRestored.of(Instant.now(), accountId, userId, email, Role.AGENT));
        await(
                "user restored",
                Duration.ofSeconds(30),
                () -> postAcs(accountId, responseFor(accountId, email).base64(), null)
                                .statusCode()
                        == 303);
    }

    private static Object audienceOf(String jwt) {
        String payload = new String(
                java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(payload).get("aud");
    }

    @Test
    void sessionTokensCarryTheAudienceAskedForAndEachServiceTakesOnlyItsOwn() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        String email = email(accountId);
        String cookie =
                loggedIn(postAcs(accountId, responseFor(accountId, email).base64(), null));
        String userId = "user-" + UUID.randomUUID();
        Fixture.publish(UserProvisioned.of(
                Instant.now(), accountId, userId, email, "Jane", "Doe", Role.ADMIN, RoleProvenance.MANUAL, "SSO"));
        await(
                "user provisioned",
                Duration.ofSeconds(30),
                () -> userId.equals(
                        given().cookie("GH_SESSION", cookie).get("/api/session").path("userId")));

        String general = given().cookie("GH_SESSION", cookie)
                .post("/api/session/token")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        assertEquals(List.of("user-service", "directory-service", "sso-service"), audienceOf(general));
        given().header("Authorization", "Bearer " + general)
                .get("/api/accounts/{a}/sso", accountId)
                .then()
                .statusCode(200);

        String forUsers = given().cookie("GH_SESSION", cookie)
                .queryParam("audience", "user-service")
                .post("/api/session/token")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        assertEquals("user-service", audienceOf(forUsers));
        given().header("Authorization", "Bearer " + forUsers)
                .get("/api/accounts/{a}/sso", accountId)
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthorized"));

        String forSso = given().cookie("GH_SESSION", cookie)
                .queryParam("audience", "sso-service")
                .post("/api/session/token")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        given().header("Authorization", "Bearer " + forSso)
                .get("/api/accounts/{a}/sso", accountId)
                .then()
                .statusCode(200);

        given().cookie("GH_SESSION", cookie)
                .queryParam("audience", "gatehouse-api")
                .post("/api/session/token")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("audience_unknown"));
    }

    @Test
    void logoutEndsTheSession() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        String cookie = loggedIn(
                postAcs(accountId, responseFor(accountId, email(accountId)).base64(), null));
        given().cookie("GH_SESSION", cookie).get("/api/session").then().statusCode(200);
        given().cookie("GH_SESSION", cookie).post("/api/session/logout").then().statusCode(204);
        given().cookie("GH_SESSION", cookie)
                .get("/api/session")
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthorized"));
    }

    @Test
    void eachLoginGetsANewSessionId() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        String email = email(accountId);
        String first = loggedIn(postAcs(accountId, responseFor(accountId, email).base64(), null));
        String second =
                loggedIn(postAcs(accountId, responseFor(accountId, email).base64(), null));
        assertFalse(first.equals(second));
    }

    @Test
    void testConnectionWritesAReportInsteadOfASession() {
        String accountId = readyAccount("POST", true, TestKeys.idp());
        Response started = operator().post("/api/accounts/{a}/sso/test", accountId);
        started.then().statusCode(200);
        String testId = started.path("testId");
        String loginUrl = started.path("loginUrl");
        operator()
                .get("/api/accounts/{a}/sso/test/{t}", accountId, testId)
                .then()
                .statusCode(200)
                .body("status", equalTo("PENDING"));
        String page = given().get(loginUrl.replace("http://localhost:8081", ""))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String requestId = SamlFlows.requestId(
                new String(java.util.Base64.getDecoder().decode(SamlFlows.hidden(page, "SAMLRequest"))));
        String email = email(accountId);
        Response acs = postAcs(
                accountId,
                responseFor(accountId, email)
                        .inResponseTo(requestId)
                        .audiences(List.of(List.of("https://wrong.example/sp")))
                        .withoutAttribute("lastName")
                        .base64(),
                null);
        acs.then().statusCode(200).body(containsString("Test Connection failed"));
        assertNull(acs.getCookie("GH_SESSION"));
        assertTrue(outbox(LoginSucceeded.TYPE, email).isEmpty());
        operator()
                .get("/api/accounts/{a}/sso/test/{t}", accountId, testId)
                .then()
                .statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("failedCode", equalTo("audience"))
                .body("category", equalTo("Response issue"))
                .body("fix", containsString("into SP Entity ID in the JumpCloud application's SSO tab"))
                .body(
                        "checks.find { it.check == 'audience' }.expected",
                        equalTo("http://localhost:8081/saml/" + accountId + "/metadata"))
                .body("checks.find { it.check == 'audience' }.received", equalTo("https://wrong.example/sp"))
                .body("attributesSeen.email[0]", equalTo(email))
                .body("attributesMissing", equalTo(List.of("lastName")))
                .body("certificates[0].fingerprint", equalTo(TestKeys.idp().fingerprint()))
                .body("clockOffsetSeconds", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void testConnectionWorksBeforeSsoIsEnabledAndPassesForAGoodResponse() {
        String accountId = account(Plan.BUSINESS);
        putConnection(accountId, connection(false, "REDIRECT", false, TestKeys.idp()))
                .then()
                .statusCode(200);
        Response started = operator().post("/api/accounts/{a}/sso/test", accountId);
        String testId = started.path("testId");
        String loginUrl = started.path("loginUrl");
        String requestId = SamlFlows.requestId(SamlFlows.inflate(SamlFlows.query(loginUrl, "SAMLRequest")));
        String email = email(accountId);
        postAcs(accountId, responseFor(accountId, email).inResponseTo(requestId).base64(), null)
                .then()
                .statusCode(200)
                .body(containsString("Test Connection passed"));
        operator()
                .get("/api/accounts/{a}/sso/test/{t}", accountId, testId)
                .then()
                .statusCode(200)
                .body("status", equalTo("PASSED"))
                .body("attributesMissing", equalTo(List.of()));
        assertTrue(outbox(LoginSucceeded.TYPE, email).isEmpty());
        // a normal login to the disabled connection is still refused
        assertRefused(
                postAcs(accountId, responseFor(accountId, email(accountId)).base64(), null), 400);
    }

    @Test
    void acsAcceptsPostOnly() {
        given().get("/saml/{a}/acs", "acct-any").then().statusCode(405);
    }

    @Test
    void acsOfAnAccountWithoutSsoIsRefused() {
        String accountId = account(Plan.BUSINESS);
        assertRefused(
                postAcs(
                        accountId,
                        responseFor(accountId, "x@" + domainFor(accountId)).base64(),
                        null),
                400);
    }
}
