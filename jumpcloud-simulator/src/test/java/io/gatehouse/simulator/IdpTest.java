package io.gatehouse.simulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.SingleSignOnService;
import org.opensaml.xmlsec.signature.X509Data;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.w3c.dom.NodeList;

/** The per-app SAML IdP: signatures in every mode, the response's fields, refusals, metadata and rotation. */
@QuarkusTest
class IdpTest {

    private String ada;
    private String agents;

    @BeforeEach
    void setUp() {
        Sim.reset();
        ada = Sim.user("ada@acme.test", "Ada", "Lovelace");
        agents = Sim.group("Agents", ada);
    }

    private String app(String name, String sign, String algorithm) {
        Map<String, Object> body = Sim.appBody(name);
        body.put("sign", sign);
        body.put("signatureAlgorithm", algorithm);
        String id = Sim.app(body);
        Sim.bind(id, agents);
        return id;
    }

    private String login(String appName, String email, String samlRequest, String relayState) {
        var request = given().formParam("email", email);
        if (samlRequest != null) {
            request.formParam("SAMLRequest", samlRequest);
        }
        if (relayState != null) {
            request.formParam("RelayState", relayState);
        }
        return request.post("/saml2/" + appName + "/login")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "ASSERTION,RSA-SHA256",
        "RESPONSE,RSA-SHA256",
        "BOTH,RSA-SHA256",
        "ASSERTION,RSA-SHA1",
        "RESPONSE,RSA-SHA1",
        "BOTH,RSA-SHA1"
    })
    void spInitiatedResponseValidatesWithTheAppsCertificateOnly(String sign, String algorithm) throws Exception {
        String appId = app("crm", sign, algorithm);
        String otherApp = app("other", sign, algorithm);
        String request = SamlTestSupport.redirectEncoded(SamlTestSupport.authnRequest(
                "_req-42", "https://sp.example.test/saml/crm/metadata", "https://sp.example.test/saml/crm/acs"));

        String html = login("crm", "Ada@Acme.test", request, "rs-123");

        assertEquals("https://sp.example.test/saml/crm/acs", SamlTestSupport.formAction(html));
        assertEquals("rs-123", SamlTestSupport.hiddenField(html, "RelayState"));
        Response response = SamlTestSupport.parse(SamlTestSupport.hiddenField(html, "SAMLResponse"));
        Assertion assertion = response.getAssertions().get(0);
        X509Certificate mine = SamlTestSupport.certificate(appId);
        X509Certificate other = SamlTestSupport.certificate(otherApp);

        boolean signsAssertion = !sign.equals("RESPONSE");
        boolean signsResponse = !sign.equals("ASSERTION");
        String expectedAlgorithm = algorithm.equals("RSA-SHA1")
                ? SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1
                : SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256;
        if (signsAssertion) {
            assertNotNull(assertion.getSignature());
            SamlTestSupport.verify(assertion.getSignature(), mine);
            assertThrows(SignatureException.class, () -> SamlTestSupport.verify(assertion.getSignature(), other));
            assertEquals(expectedAlgorithm, assertion.getSignature().getSignatureAlgorithm());
            assertEquals(
                    SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS,
                    assertion.getSignature().getCanonicalizationAlgorithm());
        } else {
            assertNull(assertion.getSignature());
        }
        if (signsResponse) {
            assertNotNull(response.getSignature());
            SamlTestSupport.verify(response.getSignature(), mine);
            assertThrows(SignatureException.class, () -> SamlTestSupport.verify(response.getSignature(), other));
            assertEquals(expectedAlgorithm, response.getSignature().getSignatureAlgorithm());
        } else {
            assertNull(response.getSignature());
        }
        NodeList digests = response.getDOM().getElementsByTagNameNS(SignatureConstants.XMLSIG_NS, "DigestMethod");
        assertEquals(sign.equals("BOTH") ? 2 : 1, digests.getLength());
        for (int i = 0; i < digests.getLength(); i++) {
            assertEquals(
                    algorithm.equals("RSA-SHA1")
                            ? SignatureConstants.ALGO_ID_DIGEST_SHA1
                            : SignatureConstants.ALGO_ID_DIGEST_SHA256,
                    ((org.w3c.dom.Element) digests.item(i)).getAttribute("Algorithm"));
        }

        assertEquals(StatusCode.SUCCESS, response.getStatus().getStatusCode().getValue());
        assertEquals("https://idp.example.test/crm", response.getIssuer().getValue());
        assertEquals("https://idp.example.test/crm", assertion.getIssuer().getValue());
        assertEquals("https://sp.example.test/saml/crm/acs", response.getDestination());
        assertEquals("_req-42", response.getInResponseTo());
        SubjectConfirmationData data =
                assertion.getSubject().getSubjectConfirmations().get(0).getSubjectConfirmationData();
        assertEquals(
                "urn:oasis:names:tc:SAML:2.0:cm:bearer",
                assertion.getSubject().getSubjectConfirmations().get(0).getMethod());
        assertEquals("https://sp.example.test/saml/crm/acs", data.getRecipient());
        assertEquals("_req-42", data.getInResponseTo());
        assertEquals(
                "https://sp.example.test/saml/crm/metadata",
                assertion
                        .getConditions()
                        .getAudienceRestrictions()
                        .get(0)
                        .getAudiences()
                        .get(0)
                        .getURI());
        assertEquals("ada@acme.test", assertion.getSubject().getNameID().getValue());
        assertEquals(
                "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                assertion.getSubject().getNameID().getFormat());
        assertEquals(
                Map.of("email", "ada@acme.test", "firstName", "Ada", "lastName", "Lovelace"), attributes(assertion));
        var conditions = assertion.getConditions();
        assertTrue(conditions.getNotBefore().isBefore(assertion.getIssueInstant()));
        assertEquals(assertion.getIssueInstant().plusSeconds(300), conditions.getNotOnOrAfter());
        assertEquals(assertion.getIssueInstant().plusSeconds(300), data.getNotOnOrAfter());
        assertNotNull(assertion.getAuthnStatements().get(0).getSessionIndex());
    }

    private static Map<String, String> attributes(Assertion assertion) {
        Map<String, String> values = new HashMap<>();
        for (Attribute attribute : assertion.getAttributeStatements().get(0).getAttributes()) {
            values.put(
                    attribute.getName(),
                    ((XSString) attribute.getAttributeValues().get(0)).getValue());
        }
        return values;
    }

    @Test
    void idpInitiatedHasNoInResponseToAndCanBeFetchedAsJson() throws Exception {
        app("crm", "BOTH", "RSA-SHA256");
        var json = given().accept(ContentType.JSON)
                .queryParam("email", "ada@acme.test")
                .queryParam("auto", "1")
                .queryParam("RelayState", "/home")
                .get("/saml2/crm")
                .then()
                .statusCode(200)
                .body("acsUrl", equalTo("https://sp.example.test/saml/crm/acs"))
                .body("RelayState", equalTo("/home"))
                .extract()
                .jsonPath();
        Response response = SamlTestSupport.parse(json.getString("SAMLResponse"));
        assertNull(response.getInResponseTo());
        assertNull(response.getAssertions()
                .get(0)
                .getSubject()
                .getSubjectConfirmations()
                .get(0)
                .getSubjectConfirmationData()
                .getInResponseTo());
    }

    @Test
    void redirectAndPostBindingsShowTheLoginFormCarryingTheRequest() throws Exception {
        app("crm", "ASSERTION", "RSA-SHA256");
        String xml = SamlTestSupport.authnRequest(
                "_r1", "https://sp.example.test/saml/crm/metadata", "https://sp.example.test/saml/crm/acs");
        String redirect = SamlTestSupport.redirectEncoded(xml);
        String form = given().queryParam("SAMLRequest", redirect)
                .queryParam("RelayState", "a&b")
                .get("/saml2/crm")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("name=\"email\""))
                .extract()
                .asString();
        assertEquals(redirect, SamlTestSupport.hiddenField(form, "SAMLRequest"));
        assertEquals("a&b", SamlTestSupport.hiddenField(form, "RelayState"));
        assertEquals("/saml2/crm/login", SamlTestSupport.formAction(form));

        String post = SamlTestSupport.postEncoded(xml);
        given().formParam("SAMLRequest", post)
                .post("/saml2/crm")
                .then()
                .statusCode(200)
                .body(containsString("name=\"SAMLRequest\""));
        String html = given().formParam("SAMLRequest", post)
                .formParam("email", "ada@acme.test")
                .formParam("auto", "1")
                .post("/saml2/crm")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Response response = SamlTestSupport.parse(SamlTestSupport.hiddenField(html, "SAMLResponse"));
        assertEquals("_r1", response.getInResponseTo());
    }

    @Test
    void usersWithoutAccessAreNotRecognized() {
        app("crm", "ASSERTION", "RSA-SHA256");
        String outsider = Sim.user("dennis@acme.test", "Dennis", "Ritchie");
        String suspended = Sim.user("ken@acme.test", "Ken", "Thompson");
        String locked = Sim.user("rob@acme.test", "Rob", "Pike");
        String staged = Sim.user(Map.of("email", "bjarne@acme.test", "state", "STAGED"));
        for (String id : List.of(suspended, locked, staged)) {
            Sim.addMember(agents, id);
        }
        Sim.patchUser(suspended, Map.of("suspended", true));
        Sim.patchUser(locked, Map.of("account_locked", true));
        for (String email :
                List.of("dennis@acme.test", "ken@acme.test", "rob@acme.test", "bjarne@acme.test", "nobody@acme.test")) {
            given().formParam("email", email)
                    .post("/saml2/crm/login")
                    .then()
                    .statusCode(403)
                    .contentType(containsString("text/html"))
                    .body(containsString("User not recognized"))
                    .body(not(containsString("SAMLResponse")));
        }
        assertNotNull(outsider);
    }

    @Test
    void usersOfNestedAndDynamicGroupsMayLogIn() {
        app("crm", "ASSERTION", "RSA-SHA256");
        String grace = Sim.user("grace@acme.test", "Grace", "Hopper");
        Sim.user(Map.of("email", "margaret@acme.test", "department", "Support"));
        String supervisors = Sim.group("Supervisors", grace);
        String support =
                Sim.group(Map.of("name", "Support", "dynamicRule", Map.of("field", "department", "value", "Support")));
        given().put("/sim/groups/" + agents + "/groups/" + supervisors).then().statusCode(204);
        given().formParam("email", "grace@acme.test")
                .post("/saml2/crm/login")
                .then()
                .statusCode(200);
        given().formParam("email", "margaret@acme.test")
                .post("/saml2/crm/login")
                .then()
                .statusCode(403);
        given().put("/sim/groups/" + agents + "/groups/" + support).then().statusCode(204);
        given().formParam("email", "margaret@acme.test")
                .post("/saml2/crm/login")
                .then()
                .statusCode(200);
        given().put("/sim/groups/" + supervisors + "/groups/" + agents)
                .then()
                .statusCode(409)
                .body("code", equalTo("group_cycle"));
    }

    @Test
    void badRequestsAreRefusedWithoutAResponse() throws Exception {
        app("crm", "ASSERTION", "RSA-SHA256");
        given().formParam("email", "ada@acme.test")
                .formParam("SAMLRequest", "%%%not-base64")
                .post("/saml2/crm/login")
                .then()
                .statusCode(400)
                .body(not(containsString("SAMLResponse")));
        given().queryParam("SAMLRequest", SamlTestSupport.redirectEncoded("<notSaml/>"))
                .get("/saml2/crm")
                .then()
                .statusCode(400);
        String wrongIssuer = SamlTestSupport.redirectEncoded(SamlTestSupport.authnRequest(
                "_x", "https://evil.example.test/metadata", "https://evil.example.test/acs"));
        given().formParam("email", "ada@acme.test")
                .formParam("SAMLRequest", wrongIssuer)
                .post("/saml2/crm/login")
                .then()
                .statusCode(400);
        given().get("/saml2/nope").then().statusCode(404).contentType(containsString("text/html"));
        given().formParam("email", "ada@acme.test")
                .formParam("RelayState", "x".repeat(2000))
                .post("/saml2/crm/login")
                .then()
                .statusCode(400);
    }

    @Test
    void groupAttributeCarriesTheUsersBoundGroupNames() throws Exception {
        Map<String, Object> body = Sim.appBody("crm");
        body.put("groupAttributeName", "memberOf");
        body.put("constantAttributes", Map.of("tenant", "acme"));
        String appId = Sim.app(body);
        Sim.bind(appId, agents);
        Sim.group("Unbound", ada);
        String html = login("crm", "ada@acme.test", null, null);
        Assertion assertion = ((Response) SamlTestSupport.parse(SamlTestSupport.hiddenField(html, "SAMLResponse")))
                .getAssertions()
                .get(0);
        Map<String, List<String>> values = assertion.getAttributeStatements().get(0).getAttributes().stream()
                .collect(Collectors.toMap(
                        Attribute::getName,
                        a -> a.getAttributeValues().stream()
                                .map(v -> ((XSString) v).getValue())
                                .toList()));
        assertEquals(List.of("Agents"), values.get("memberOf"));
        assertEquals(List.of("acme"), values.get("tenant"));
    }

    @Test
    void metadataExportsTheActiveCertificateAndBindings() throws Exception {
        String appId = app("crm", "ASSERTION", "RSA-SHA256");
        EntityDescriptor entity = SamlTestSupport.parseXml(given().get("/saml2/crm/metadata")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertEquals("https://idp.example.test/crm", entity.getEntityID());
        IDPSSODescriptor idp = entity.getIDPSSODescriptor(SAMLConstants.SAML20P_NS);
        assertNotNull(idp);
        assertFalse(idp.getWantAuthnRequestsSigned());
        assertEquals(1, idp.getKeyDescriptors().size());
        assertEquals("SIGNING", idp.getKeyDescriptors().get(0).getUse().name());
        assertEquals(SamlTestSupport.certificate(appId), metadataCertificate(idp));
        assertEquals(
                List.of(SAMLConstants.SAML2_POST_BINDING_URI),
                idp.getSingleSignOnServices().stream()
                        .map(SingleSignOnService::getBinding)
                        .toList());
        assertTrue(idp.getSingleSignOnServices().get(0).getLocation().endsWith("/saml2/crm"));
        assertEquals(
                "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                idp.getNameIDFormats().get(0).getURI());
        assertTrue(idp.getSingleLogoutServices().isEmpty());

        Map<String, Object> body = Sim.appBody("crm");
        body.put("declareRedirectEndpoint", true);
        given().contentType(ContentType.JSON)
                .body(body)
                .put("/sim/apps/" + appId)
                .then()
                .statusCode(200)
                .body("declareRedirectEndpoint", equalTo(true));
        EntityDescriptor withRedirect =
                SamlTestSupport.parseXml(given().get("/saml2/crm/metadata").asString());
        assertEquals(
                List.of(SAMLConstants.SAML2_POST_BINDING_URI, SAMLConstants.SAML2_REDIRECT_BINDING_URI),
                withRedirect.getIDPSSODescriptor(SAMLConstants.SAML20P_NS).getSingleSignOnServices().stream()
                        .map(SingleSignOnService::getBinding)
                        .toList());
    }

    private static X509Certificate metadataCertificate(IDPSSODescriptor idp) throws Exception {
        X509Data data =
                idp.getKeyDescriptors().get(0).getKeyInfo().getX509Datas().get(0);
        String base64 = data.getX509Certificates().get(0).getValue().replaceAll("\\s", "");
        return SamlTestSupport.pemToCertificate(
                "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n");
    }

    @Test
    void rotationSignsWithTheNewKeyAndKeepsThePreviousUntilDropped() throws Exception {
        String appId = app("crm", "ASSERTION", "RSA-SHA256");
        X509Certificate old = SamlTestSupport.certificate(appId);
        given().get("/sim/apps/" + appId)
                .then()
                .body("previousCertificate", nullValue())
                .body("certificate.notAfter", notNullValue())
                .body("ssoUrl", containsString("/saml2/crm"))
                .body("metadataUrl", containsString("/saml2/crm/metadata"));
        given().post("/sim/apps/" + appId + "/certificate/rotate")
                .then()
                .statusCode(200)
                .body("previousCertificate.pem", notNullValue());
        X509Certificate current = SamlTestSupport.certificate(appId);
        assertFalse(current.equals(old));
        assertEquals(
                old,
                SamlTestSupport.pemToCertificate(given().queryParam("which", "previous")
                        .get("/sim/apps/" + appId + "/certificate")
                        .asString()));

        Response response = SamlTestSupport.parse(
                SamlTestSupport.hiddenField(login("crm", "ada@acme.test", null, null), "SAMLResponse"));
        SamlTestSupport.verify(response.getAssertions().get(0).getSignature(), current);
        assertThrows(
                SignatureException.class,
                () -> SamlTestSupport.verify(response.getAssertions().get(0).getSignature(), old));
        EntityDescriptor entity =
                SamlTestSupport.parseXml(given().get("/saml2/crm/metadata").asString());
        assertEquals(current, metadataCertificate(entity.getIDPSSODescriptor(SAMLConstants.SAML20P_NS)));

        given().delete("/sim/apps/" + appId + "/certificate/previous").then().statusCode(204);
        given().get("/sim/apps/" + appId).then().body("previousCertificate", nullValue());
        given().queryParam("which", "previous")
                .get("/sim/apps/" + appId + "/certificate")
                .then()
                .statusCode(404);
    }
}
