package io.gatehouse.sso.saml.validation;

import static io.gatehouse.sso.saml.TestSamlResponses.encode;
import static io.gatehouse.sso.saml.TestSamlResponses.response;
import static io.gatehouse.sso.saml.TestXml.SAML;
import static io.gatehouse.sso.saml.validation.ValidationFixtures.validate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.sso.saml.TestKeys;
import io.gatehouse.sso.saml.TestSamlResponses.Scope;
import io.gatehouse.sso.saml.TestXml;
import java.util.List;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.ExcC14NParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Responses signed by another implementation than the one the other tests sign with: the JDK's XML Signature API
 * (JSR 105, the API Keycloak signs SAML with), placed after the Issuer with an InclusiveNamespaces prefix list, as
 * third-party IdPs do. The validator reads and verifies the DOM itself (ADR 0026), so it must take these as it takes
 * OpenSAML's.
 */
class Jsr105SignedResponseTest {

    @ParameterizedTest
    @EnumSource(
            value = Scope.class,
            names = {"ASSERTION", "RESPONSE", "BOTH"})
    void aResponseSignedWithTheJdksXmlSignatureApiIsAccepted(Scope scope) throws Exception {
        Document document = signedByTheJdk(scope);
        ValidationOutcome outcome = validate(encode(TestXml.serialize(document)));
        assertTrue(outcome.valid(), () -> outcome.checks().toString());
        assertEquals(TestKeys.idp().fingerprint(), outcome.login().certificateFingerprint());
    }

    @ParameterizedTest
    @EnumSource(
            value = Scope.class,
            names = {"ASSERTION", "RESPONSE", "BOTH"})
    void aChangeAfterTheJdkSignedIsRefused(Scope scope) throws Exception {
        Document document = signedByTheJdk(scope);
        TestXml.setNameIdAndEmail(TestXml.assertion(document), "admin@acme.test");
        assertEquals(
                ErrorCode.SIG_INVALID,
                validate(encode(TestXml.serialize(document))).code());
    }

    /** The default response, its assertion and/or the response itself signed by the JDK (assertion first). */
    private static Document signedByTheJdk(Scope scope) throws Exception {
        Document document = TestXml.parse(response().scope(Scope.NONE).xml());
        if (scope != Scope.RESPONSE) {
            sign(TestXml.assertion(document));
        }
        if (scope != Scope.ASSERTION) {
            sign(document.getDocumentElement());
        }
        return document;
    }

    /** An enveloped RSA-SHA256 signature of {@code element}, right after its Issuer, with the certificate. */
    private static void sign(Element element) throws Exception {
        element.setIdAttributeNS(null, "ID", true);
        XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
        Reference reference = factory.newReference(
                "#" + element.getAttribute("ID"),
                factory.newDigestMethod(DigestMethod.SHA256, null),
                List.of(
                        factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                        factory.newTransform(
                                CanonicalizationMethod.EXCLUSIVE, new ExcC14NParameterSpec(List.of("xs")))),
                null,
                null);
        SignedInfo signedInfo = factory.newSignedInfo(
                factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                factory.newSignatureMethod(SignatureMethod.RSA_SHA256, null),
                List.of(reference));
        KeyInfoFactory keys = factory.getKeyInfoFactory();
        var keyInfo =
                keys.newKeyInfo(List.of(keys.newX509Data(List.of(TestKeys.idp().certificate()))));
        DOMSignContext context = new DOMSignContext(TestKeys.idp().keyPair().getPrivate(), element);
        context.setNextSibling(TestXml.first(element, SAML, "Issuer").getNextSibling());
        context.setDefaultNamespacePrefix("dsig");
        factory.newXMLSignature(signedInfo, keyInfo).sign(context);
    }
}
