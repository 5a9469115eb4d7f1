package io.gatehouse.sso.it;

import static io.gatehouse.sso.it.Fixture.account;
import static io.gatehouse.sso.it.Fixture.connection;
import static io.gatehouse.sso.it.Fixture.operator;
import static io.gatehouse.sso.it.Fixture.putConnection;
import static io.gatehouse.sso.it.Fixture.verifiedDomain;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.gatehouse.events.Plan;
import io.gatehouse.sso.saml.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin API of docs/design/http-api.md's sso-service table: prerequisites, validation codes, domains, metadata. */
@QuarkusTest
class SsoSettingsApiTest {

    @Test
    void putSsoWithoutTokenIsUnauthorized() {
        given().contentType(ContentType.JSON)
                .body(connection(false, "POST", true, TestKeys.idp()))
                .put("/api/accounts/acct-x/sso")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("unauthorized"));
    }

    @Test
    void putSsoForUnknownAccountIsPlanRequired() {
        putConnection("acct-never-announced", connection(false, "POST", true, TestKeys.idp()))
                .then()
                .statusCode(403)
                .body("code", equalTo("plan_required"));
    }

    @Test
    void putSsoOnStandardPlanIsPlanRequired() {
        String accountId = account(Plan.STANDARD);
        putConnection(accountId, connection(false, "POST", true, TestKeys.idp()))
                .then()
                .statusCode(403)
                .body("code", equalTo("plan_required"));
    }

    @Test
    void enablingWithoutVerifiedDomainIsDomainNotVerified() {
        String accountId = account(Plan.BUSINESS);
        putConnection(accountId, connection(true, "POST", true, TestKeys.idp()))
                .then()
                .statusCode(409)
                .body("code", equalTo("domain_not_verified"));
        // saving it disabled is allowed
        putConnection(accountId, connection(false, "POST", true, TestKeys.idp()))
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false));
    }

    @Test
    void domainVerificationNeedsTheTxtRecord() {
        String accountId = account(Plan.BUSINESS);
        String domain = "pending-" + accountId + ".example.test";
        operator()
                .contentType(ContentType.JSON)
                .body(Map.of("domain", domain.toUpperCase()))
                .post("/api/accounts/{a}/domains", accountId)
                .then()
                .statusCode(201)
                .body("domain", equalTo(domain))
                .body("status", equalTo("PENDING"))
                .body("txtRecordName", equalTo("_gatehouse-challenge." + domain))
                .body("txtRecordValue", startsWith("gatehouse-verification="));
        operator()
                .post("/api/accounts/{a}/domains/{d}/verify", accountId, domain)
                .then()
                .statusCode(409)
                .body("code", equalTo("domain_not_verified"));
        TestDnsServer.setTxt("_gatehouse-challenge." + domain, "some-other-value");
        operator()
                .post("/api/accounts/{a}/domains/{d}/verify", accountId, domain)
                .then()
                .statusCode(409)
                .body("code", equalTo("domain_not_verified"));
        String value = operator().get("/api/accounts/{a}/domains", accountId).path("[0].txtRecordValue");
        TestDnsServer.setTxt("_gatehouse-challenge." + domain, "some-other-value", value);
        operator()
                .post("/api/accounts/{a}/domains/{d}/verify", accountId, domain)
                .then()
                .statusCode(200)
                .body("status", equalTo("VERIFIED"));
        operator()
                .get("/api/accounts/{a}/domains", accountId)
                .then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].status", equalTo("VERIFIED"));
    }

    @Test
    void aVerifiedDomainCannotBeClaimedByAnotherAccount() {
        String first = account(Plan.BUSINESS);
        String domain = verifiedDomain(first);
        String second = account(Plan.BUSINESS);
        operator()
                .contentType(ContentType.JSON)
                .body(Map.of("domain", domain))
                .post("/api/accounts/{a}/domains", second)
                .then()
                .statusCode(409)
                .body("code", equalTo("domain_taken"));
    }

    @Test
    void invalidDomainIsValidationFailed() {
        String accountId = account(Plan.BUSINESS);
        operator()
                .contentType(ContentType.JSON)
                .body(Map.of("domain", "not a domain"))
                .post("/api/accounts/{a}/domains", accountId)
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    @Test
    void enabledConnectionShowsSpUrlsAndCertificateExpiry() {
        String accountId = account(Plan.ENTERPRISE);
        verifiedDomain(accountId);
        TestKeys soon = TestKeys.generate(
                "CN=expiring",
                Instant.now().minus(Duration.ofDays(300)),
                Instant.now().plus(Duration.ofDays(20)));
        putConnection(accountId, connection(true, "REDIRECT", false, TestKeys.idp(), soon))
                .then()
                .statusCode(200)
                .body("enabled", equalTo(true))
                .body("spEntityId", equalTo("http://localhost:8081/saml/" + accountId + "/metadata"))
                .body("acsUrl", equalTo("http://localhost:8081/saml/" + accountId + "/acs"))
                .body("metadataUrl", equalTo("http://localhost:8081/saml/" + accountId + "/metadata"))
                .body("authnRequestBinding", equalTo("REDIRECT"))
                .body("certificates", hasSize(2))
                .body(
                        "certificates.find { it.fingerprint == '" + soon.fingerprint() + "' }.expiryWarning",
                        equalTo("EXPIRES_WITHIN_30_DAYS"))
                .body(
                        "certificates.find { it.fingerprint == '"
                                + TestKeys.idp().fingerprint() + "' }.expiryWarning",
                        equalTo(null))
                .body("warnings", hasSize(1));
        operator()
                .get("/api/accounts/{a}/sso", accountId)
                .then()
                .statusCode(200)
                .body("idpEntityId", equalTo(Fixture.IDP))
                .body("certificates[0].notAfter", startsWith("20"));
    }

    @Test
    void certificateProblemsAreNamedPrecisely() {
        String accountId = account(Plan.BUSINESS);
        expectCertificateInvalid(accountId, TestKeys.idp().privateKeyPem(), "private key");
        expectCertificateInvalid(
                accountId,
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----",
                "not a certificate");
        expectCertificateInvalid(accountId, "hello", "not a certificate");
        TestKeys small = TestKeys.generate(
                "CN=small",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(100)),
                1024);
        expectCertificateInvalid(accountId, small.pem(), "1024 bits");
        TestKeys expired = TestKeys.generate(
                "CN=expired",
                Instant.now().minus(Duration.ofDays(100)),
                Instant.now().minus(Duration.ofDays(1)));
        expectCertificateInvalid(accountId, expired.pem(), "expired");
    }

    private static void expectCertificateInvalid(String accountId, String pem, String detail) {
        Map<String, Object> body = connection(false, "POST", true);
        body.put("idpCertificatesPem", List.of(pem));
        putConnection(accountId, body)
                .then()
                .statusCode(400)
                .body("code", equalTo("certificate_invalid"))
                .body("detail", containsString(detail));
    }

    @Test
    void badFieldsAreValidationFailed() {
        String accountId = account(Plan.BUSINESS);
        expectValidationFailed(accountId, "idpSsoUrl", "javascript:alert(1)");
        expectValidationFailed(accountId, "idpSsoUrl", "http://idp.example.com/sso");
        expectValidationFailed(accountId, "idpEntityId", " ");
        expectValidationFailed(accountId, "defaultRole", "OWNER");
        expectValidationFailed(accountId, "defaultRole", "KING");
        expectValidationFailed(accountId, "clockSkewSeconds", 3600);
        expectValidationFailed(accountId, "authnRequestBinding", "ARTIFACT");
    }

    private static void expectValidationFailed(String accountId, String field, Object value) {
        Map<String, Object> body = connection(false, "POST", true, TestKeys.idp());
        body.put(field, value);
        putConnection(accountId, body).then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    @Test
    void malformedJsonIsAProblemNotAServerError() {
        String accountId = account(Plan.BUSINESS);
        operator()
                .contentType(ContentType.JSON)
                .body("{\"enabled\": tru")
                .put("/api/accounts/{a}/sso", accountId)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void idpMetadataImportFillsEntityIdUrlAndCertificate() {
        String accountId = account(Plan.BUSINESS);
        operator()
                .contentType("application/xml")
                .body(metadata(TestKeys.idp()))
                .post("/api/accounts/{a}/sso/idp-metadata", accountId)
                .then()
                .statusCode(200)
                .body("idpEntityId", equalTo("https://sso.jumpcloud.com/saml2/imported"))
                .body("idpSsoUrl", equalTo("https://sso.jumpcloud.com/saml2/imported"))
                .body("certificates[0].fingerprint", equalTo(TestKeys.idp().fingerprint()))
                .body("enabled", equalTo(false));
    }

    @Test
    void idpMetadataReimportDuringRotationKeepsTheOldCertificateUntilRemoved() {
        String accountId = account(Plan.BUSINESS);
        TestKeys rotated = TestKeys.generate(
                "CN=rotated",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(800)));
        operator()
                .contentType("application/xml")
                .body(metadata(TestKeys.idp()))
                .post("/api/accounts/{a}/sso/idp-metadata", accountId)
                .then()
                .statusCode(200);
        operator()
                .contentType("application/xml")
                .body(metadata(rotated))
                .post("/api/accounts/{a}/sso/idp-metadata", accountId)
                .then()
                .statusCode(200)
                .body("certificates", hasSize(2))
                .body("certificates.fingerprint", hasItems(TestKeys.idp().fingerprint(), rotated.fingerprint()));
        // importing the same metadata again adds nothing
        operator()
                .contentType("application/xml")
                .body(metadata(rotated))
                .post("/api/accounts/{a}/sso/idp-metadata", accountId)
                .then()
                .statusCode(200)
                .body("certificates", hasSize(2));
        // the admin removes the old one by saving the list without it
        Map<String, Object> body = connection(false, "POST", true, rotated);
        putConnection(accountId, body)
                .then()
                .statusCode(200)
                .body("certificates.fingerprint", contains(rotated.fingerprint()));
    }

    private static String metadata(TestKeys keys) {
        String der = keys.pem()
                .replace("-----BEGIN CERTIFICATE-----", "")
                .replace("-----END CERTIFICATE-----", "")
                .replaceAll("\\s", "");
        return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" "
                + "entityID=\"https://sso.jumpcloud.com/saml2/imported\">"
                + "<md:IDPSSODescriptor WantAuthnRequestsSigned=\"false\" "
                + "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
                + "<ds:X509Data><ds:X509Certificate>" + der + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo>"
                + "</md:KeyDescriptor>"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" "
                + "Location=\"https://sso.jumpcloud.com/saml2/imported\"/>"
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    @Test
    void idpMetadataWithDoctypeIsRefused() {
        String accountId = account(Plan.BUSINESS);
        operator()
                .contentType("application/xml")
                .body("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><md:EntityDescriptor "
                        + "xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"&e;\"/>")
                .post("/api/accounts/{a}/sso/idp-metadata", accountId)
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    @Test
    void spMetadataNamesEntityIdAndPostAcs() {
        given().get("/saml/{a}/metadata", "acct-meta")
                .then()
                .statusCode(200)
                .contentType(containsString("xml"))
                .body(containsString("entityID=\"http://localhost:8081/saml/acct-meta/metadata\""))
                .body(containsString("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"))
                .body(containsString("Location=\"http://localhost:8081/saml/acct-meta/acs\""));
    }

    @Test
    void getSsoOfUnconfiguredAccountIsNotFound() {
        String accountId = account(Plan.BUSINESS);
        operator()
                .get("/api/accounts/{a}/sso", accountId)
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
    }
}
