package io.gatehouse.sso.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameIDPolicy;
import org.opensaml.saml.saml2.core.NameIDType;
import org.w3c.dom.Document;

/** The AuthnRequest written from a template is the one OpenSAML would marshal, whatever the values hold. */
class SamlMessagesTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:15:30.123Z");

    @Test
    void theTemplateWritesTheRequestOpenSamlWouldMarshal() throws Exception {
        assertSameXml(
                reference(
                        "_a1b2c3",
                        NOW,
                        "https://sso.example.test/saml/acct-1",
                        "https://sso.example.test/saml/acct-1/acs",
                        "https://idp.example.test/sso?app=1"),
                SamlMessages.authnRequest(
                        "_a1b2c3",
                        NOW,
                        "https://sso.example.test/saml/acct-1",
                        "https://sso.example.test/saml/acct-1/acs",
                        "https://idp.example.test/sso?app=1"));
    }

    @Test
    void valuesThatLookLikeMarkupAreEscaped() throws Exception {
        String hostile = "https://idp.test/sso?a=1&b=\"2\"<x/>'\t\r\nend";
        String entity = "urn:sp&<evil>\r\"";
        String xml = SamlMessages.authnRequest("_id", NOW, entity, hostile, hostile);
        assertSameXml(reference("_id", NOW, entity, hostile, hostile), xml);
        Document parsed = parse(xml);
        AuthnRequest request = (AuthnRequest) OpenSaml.unmarshallers()
                .getUnmarshaller(parsed.getDocumentElement())
                .unmarshall(parsed.getDocumentElement());
        assertEquals(hostile, request.getDestination());
        assertEquals(hostile, request.getAssertionConsumerServiceURL());
        assertEquals(entity, request.getIssuer().getValue());
        assertEquals(NOW, request.getIssueInstant());
        assertEquals(SAMLConstants.SAML2_POST_BINDING_URI, request.getProtocolBinding());
    }

    @Test
    void theIssueInstantKeepsMillisecondsOnly() {
        String xml = SamlMessages.authnRequest(
                "_id", Instant.parse("2026-12-05T10:15:30.123456789Z"), "sp", "https://a", "https://b");
        assertTrue(xml.contains("IssueInstant=\"2026-12-05T10:15:30.123Z\""), xml);
    }

    private static String reference(String id, Instant now, String spEntityId, String acsUrl, String destination)
            throws Exception {
        AuthnRequest request = OpenSaml.build(AuthnRequest.DEFAULT_ELEMENT_NAME);
        request.setID(id);
        request.setVersion(SAMLVersion.VERSION_20);
        request.setIssueInstant(now);
        request.setDestination(destination);
        request.setAssertionConsumerServiceURL(acsUrl);
        request.setProtocolBinding(SAMLConstants.SAML2_POST_BINDING_URI);
        Issuer issuer = OpenSaml.build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(spEntityId);
        request.setIssuer(issuer);
        NameIDPolicy policy = OpenSaml.build(NameIDPolicy.DEFAULT_ELEMENT_NAME);
        policy.setAllowCreate(true);
        policy.setFormat(NameIDType.UNSPECIFIED);
        request.setNameIDPolicy(policy);
        return SerializeSupport.nodeToString(
                OpenSaml.marshallers().getMarshaller(request).marshall(request));
    }

    private static void assertSameXml(String expected, String actual) throws Exception {
        Document e = parse(expected);
        Document a = parse(actual);
        e.normalizeDocument();
        a.normalizeDocument();
        assertTrue(
                e.getDocumentElement().isEqualNode(a.getDocumentElement()),
                "expected\n" + expected + "\nbut the template wrote\n" + actual);
    }

    private static Document parse(String xml) throws Exception {
        return HardenedParserPool.get().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
