package io.gatehouse.sso.it;

import static io.gatehouse.sso.it.Fixture.domainFor;
import static io.gatehouse.sso.it.Fixture.outbox;
import static io.gatehouse.sso.it.Fixture.postAcs;
import static io.gatehouse.sso.it.Fixture.readyAccount;
import static io.gatehouse.sso.it.SamlFlows.responseFor;
import static io.gatehouse.sso.saml.TestSamlResponses.encode;
import static io.gatehouse.sso.saml.TestXml.SAMLP;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.sso.saml.TestKeys;
import io.gatehouse.sso.saml.TestSamlResponses;
import io.gatehouse.sso.saml.TestSamlResponses.Scope;
import io.gatehouse.sso.saml.TestXml;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The hostile suite at the HTTP level: every case answers 4xx with the category page, sets no session cookie,
 * and writes no LoginSucceeded (checked in the outbox, where it would be written in the login transaction).
 */
@QuarkusTest
class HostileAcsTest {
    private static String accountId;
    private static String strictAccountId;
    private String victim;

    @BeforeEach
    void setUp() {
        if (accountId == null) {
            accountId = readyAccount("POST", true, TestKeys.idp());
            strictAccountId = readyAccount("POST", false, TestKeys.idp());
        }
        victim = "victim-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(accountId);
    }

    private void assertRefused(String account, String samlResponse) {
        Response response = postAcs(account, samlResponse, null);
        int status = response.statusCode();
        assertTrue(status >= 400 && status < 500, "expected 4xx, got " + status);
        assertNull(response.getCookie("GH_SESSION"), "hostile response got a session cookie");
        response.then().body(not(containsString("Exception")));
        assertTrue(outbox(LoginSucceeded.TYPE, victim).isEmpty(), "hostile response produced LoginSucceeded");
    }

    private TestSamlResponses.Builder victimResponse() {
        return responseFor(accountId, victim);
    }

    @Test
    void signatureWrappingWithEvilAssertionBeforeTheSignedOneIsRefused() {
        Document document = TestXml.parse(
                responseFor(accountId, "attacker@" + domainFor(accountId)).xml());
        Element signed = TestXml.assertion(document);
        Element evil = (Element) signed.cloneNode(true);
        evil.removeChild(TestXml.directSignature(evil));
        evil.setAttribute("ID", "_evil");
        TestXml.setNameIdAndEmail(evil, victim);
        document.getDocumentElement().insertBefore(evil, signed);
        assertRefused(accountId, encode(TestXml.serialize(document)));
    }

    @Test
    void signedAssertionHiddenInExtensionsIsRefused() {
        Document document = TestXml.parse(
                responseFor(accountId, "attacker@" + domainFor(accountId)).xml());
        Element response = document.getDocumentElement();
        Element signed = TestXml.assertion(document);
        Element evil = (Element) signed.cloneNode(true);
        evil.removeChild(TestXml.directSignature(evil));
        evil.setAttribute("ID", "_evil");
        TestXml.setNameIdAndEmail(evil, victim);
        Element extensions = document.createElementNS(SAMLP, "samlp:Extensions");
        response.insertBefore(extensions, TestXml.first(response, SAMLP, "Status"));
        response.replaceChild(evil, signed);
        extensions.appendChild(document.renameNode(signed, "urn:attacker", "x:Assertion"));
        assertRefused(accountId, encode(TestXml.serialize(document)));
    }

    @Test
    void strippedSignatureIsRefused() {
        Document document = TestXml.parse(
                responseFor(accountId, "attacker@" + domainFor(accountId)).xml());
        Element assertion = TestXml.assertion(document);
        assertion.removeChild(TestXml.directSignature(assertion));
        TestXml.setNameIdAndEmail(assertion, victim);
        assertRefused(accountId, encode(TestXml.serialize(document)));
    }

    @Test
    void attackerKeyInKeyInfoIsRefused() {
        assertRefused(
                accountId,
                victimResponse().keys(TestKeys.attacker()).keyInfo(true).base64());
    }

    @Test
    void anotherAccountsKeyIsRefused() {
        assertRefused(accountId, victimResponse().keys(TestKeys.otherAccount()).base64());
    }

    @Test
    void doctypeXxeAndEntityExpansionAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<samlp:Response xmlns:samlp=\"" + SAMLP + "\" ID=\"_1\" Version=\"2.0\">&x;</samlp:Response>";
        assertRefused(accountId, encode(xxe));
        String laughs = "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><samlp:Response xmlns:samlp=\"" + SAMLP
                + "\">&c;</samlp:Response>";
        assertRefused(accountId, encode(laughs));
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "<samlp:Response xmlns:samlp=\"" + SAMLP + "\" ID=\"_1\" Version=\"2.0\">" + "<a>".repeat(3000)
                + "</a>".repeat(3000) + "</samlp:Response>";
        assertRefused(accountId, encode(deep));
    }

    @Test
    void hugeBodiesAreRefused() {
        assertRefused(accountId, "A".repeat(50_000)); // above our cap, below the form limit
        assertRefused(accountId, "A".repeat(70_000)); // above the form limit
    }

    @Test
    void badBase64AndMissingFieldAreRefused() {
        assertRefused(accountId, "%%%not-base64%%%");
        assertRefused(accountId, null);
    }

    @Test
    void weakAlgorithmsAndHmacConfusionAreRefused() {
        assertRefused(
                accountId,
                victimResponse()
                        .signatureAlgorithm("http://www.w3.org/2000/09/xmldsig#rsa-sha1")
                        .base64());
        assertRefused(
                accountId,
                victimResponse()
                        .digestAlgorithm("http://www.w3.org/2000/09/xmldsig#sha1")
                        .base64());
        assertRefused(
                accountId,
                victimResponse()
                        .hmac(TestKeys.idp().certificate().getPublicKey().getEncoded())
                        .base64());
    }

    @Test
    void nonSuccessStatusIsRefused() {
        assertRefused(
                accountId,
                victimResponse()
                        .status("urn:oasis:names:tc:SAML:2.0:status:Responder")
                        .base64());
    }

    @Test
    void missingBearerConfirmationOrAuthnStatementIsRefused() {
        assertRefused(accountId, victimResponse().subjectConfirmation(false).base64());
        assertRefused(accountId, victimResponse().authnStatement(false).base64());
    }

    @Test
    void mismatchedDestinationRecipientAudienceIssuerAreRefused() {
        assertRefused(
                accountId, victimResponse().destination("https://evil.test/acs").base64());
        assertRefused(
                accountId, victimResponse().recipient("https://evil.test/acs").base64());
        assertRefused(
                accountId,
                victimResponse()
                        .audiences(java.util.List.of(java.util.List.of("https://evil.test")))
                        .base64());
        assertRefused(
                accountId, victimResponse().issuer("https://evil.test/idp").base64());
    }

    @Test
    void expiredAndFutureAssertionsAreRefused() {
        Instant now = Instant.now();
        assertRefused(
                accountId,
                victimResponse()
                        .notOnOrAfter(now.minus(Duration.ofSeconds(121)))
                        .base64());
        assertRefused(
                accountId,
                victimResponse().notBefore(now.plus(Duration.ofSeconds(180))).base64());
        assertRefused(
                accountId,
                victimResponse().issueInstant(now.minus(Duration.ofMinutes(10))).base64());
    }

    @Test
    void unknownOrForeignInResponseToIsRefused() {
        assertRefused(accountId, victimResponse().inResponseTo("_never-sent").base64());
    }

    @Test
    void unsolicitedResponseIsRefusedWhenIdpInitiatedIsOff() {
        victim = "victim-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(strictAccountId);
        assertRefused(strictAccountId, responseFor(strictAccountId, victim).base64());
    }

    @Test
    void commentInjectionInNameIdNeverLogsInAsTheTruncatedValue() {
        // the whole value is read (HostileSamlResponseTest); it is not in a verified domain, so it is refused too
        String whole = "admin@" + domainFor(accountId) + ".evil.test";
        String xml = responseFor(accountId, whole)
                .xml()
                .replace(">" + whole + "<", ">admin@" + domainFor(accountId) + "<!---->.evil.test<");
        Response response = postAcs(accountId, encode(xml), null);
        response.then().statusCode(403);
        assertNull(response.getCookie("GH_SESSION"));
        assertTrue(outbox(LoginSucceeded.TYPE, "\"nameId\":\"admin@" + domainFor(accountId) + "\"")
                .isEmpty());
        assertTrue(outbox("LoginFailed", accountId).stream().anyMatch(p -> p.contains("\"code\":\"email_domain\"")));
    }

    @Test
    void relayStateCannotRedirectOffSiteOrInjectMarkup() {
        String email = "relay-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(accountId);
        Response response = postAcs(accountId, responseFor(accountId, email).base64(), "https://evil.test/steal");
        response.then().statusCode(303);
        assertTrue(response.getHeader("Location").endsWith("/app"), response.getHeader("Location"));
        Response xss = postAcs(accountId, responseFor(accountId, email).base64(), "\"><script>alert(1)</script>");
        assertTrue(xss.getHeader("Location").endsWith("/app"));
        io.restassured.RestAssured.given()
                .get("/sso/login?returnTo=\"><script>alert(1)</script>")
                .then()
                .statusCode(200)
                .body(not(containsString("<script>alert(1)")));
    }

    @Test
    void legitimateResponseStillLogsIn() {
        Response response =
                postAcs(accountId, victimResponse().scope(Scope.BOTH).base64(), null);
        response.then().statusCode(303);
        assertEquals(1, outbox(LoginSucceeded.TYPE, victim).size());
    }
}
