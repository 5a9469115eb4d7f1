package io.gatehouse.bench;

import io.gatehouse.sso.saml.OpenSaml;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import javax.xml.namespace.QName;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.core.xml.schema.impl.XSStringBuilder;
import org.opensaml.saml.common.SAMLObjectContentReference;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AttributeValue;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnContext;
import org.opensaml.saml.saml2.core.AuthnContextClassRef;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;

/**
 * The driver's own IdP: an RSA-2048 key with a self-signed certificate and a builder of JumpCloud-like Responses
 * genuinely signed with OpenSAML (assertion signed, RSA-SHA256, SHA-256 digest, exclusive c14n, KeyInfo with the
 * certificate — the simulator's default). The validation they are measured against is sso-service's own
 * ({@link AcsValidation}).
 */
public final class Saml {
    private Saml() {}

    static <T extends XMLObject> T build(QName name) {
        return OpenSaml.build(name);
    }

    /** An IdP signing key with its self-signed certificate, generated at run time (never checked in). */
    public record IdpKey(KeyPair keyPair, X509Certificate certificate) {
        public static IdpKey generate(String subject) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                X500Name name = new X500Name(subject);
                Instant now = Instant.now();
                var builder = new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.valueOf(System.nanoTime()),
                        Date.from(now.minusSeconds(86_400)),
                        Date.from(now.plusSeconds(365L * 86_400)),
                        name,
                        pair.getPublic());
                var signer = new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
                return new IdpKey(pair, new JcaX509CertificateConverter().getCertificate(builder.build(signer)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        public BasicX509Credential credential() {
            return new BasicX509Credential(certificate, keyPair.getPrivate());
        }

        public BasicX509Credential verificationCredential() {
            return new BasicX509Credential(certificate);
        }

        public String pem() {
            try {
                return "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(certificate.getEncoded())
                        + "\n-----END CERTIFICATE-----\n";
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * What a response is about: where it goes ({@code acsUrl}: Destination and Recipient), for whom
     * ({@code spEntityId}: the Audience), from whom and about whom. {@code inResponseTo} null = IdP-initiated.
     */
    public record Login(String acsUrl, String spEntityId, String idpEntityId, String email, String inResponseTo) {
        /** A login at Gatehouse's ACS for {@code accountId}, with sso-service at {@code spBaseUrl}. */
        public static Login gatehouse(
                String spBaseUrl, String accountId, String idpEntityId, String email, String inResponseTo) {
            return new Login(
                    spBaseUrl + "/saml/" + accountId + "/acs",
                    spBaseUrl + "/saml/" + accountId + "/metadata",
                    idpEntityId,
                    email,
                    inResponseTo);
        }
    }

    /** A signed Response as base64 (the value of the SAMLResponse form field). */
    public static String signedResponse(IdpKey key, Login login, Instant now) {
        return Base64.getEncoder().encodeToString(signedXml(key, login, now).getBytes(StandardCharsets.UTF_8));
    }

    public static String signedXml(IdpKey key, Login login, Instant now) {
        Response response = build(Response.DEFAULT_ELEMENT_NAME);
        response.setID("_" + UUID.randomUUID());
        response.setVersion(SAMLVersion.VERSION_20);
        response.setIssueInstant(now.minusSeconds(1));
        response.setDestination(login.acsUrl());
        response.setInResponseTo(login.inResponseTo());
        response.setIssuer(issuer(login.idpEntityId()));
        Status status = build(Status.DEFAULT_ELEMENT_NAME);
        StatusCode code = build(StatusCode.DEFAULT_ELEMENT_NAME);
        code.setValue(StatusCode.SUCCESS);
        status.setStatusCode(code);
        response.setStatus(status);

        String assertionId = "_" + UUID.randomUUID();
        Assertion assertion = build(Assertion.DEFAULT_ELEMENT_NAME);
        assertion.setID(assertionId);
        assertion.setVersion(SAMLVersion.VERSION_20);
        assertion.setIssueInstant(now.minusSeconds(1));
        assertion.setIssuer(issuer(login.idpEntityId()));
        Subject subject = build(Subject.DEFAULT_ELEMENT_NAME);
        NameID nameId = build(NameID.DEFAULT_ELEMENT_NAME);
        nameId.setValue(login.email());
        nameId.setFormat(NameIDType.EMAIL);
        subject.setNameID(nameId);
        SubjectConfirmation confirmation = build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
        confirmation.setMethod(SubjectConfirmation.METHOD_BEARER);
        SubjectConfirmationData data = build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
        data.setRecipient(login.acsUrl());
        data.setNotOnOrAfter(now.plusSeconds(300));
        data.setInResponseTo(login.inResponseTo());
        confirmation.setSubjectConfirmationData(data);
        subject.getSubjectConfirmations().add(confirmation);
        assertion.setSubject(subject);
        Conditions conditions = build(Conditions.DEFAULT_ELEMENT_NAME);
        conditions.setNotBefore(now.minusSeconds(30));
        conditions.setNotOnOrAfter(now.plusSeconds(300));
        AudienceRestriction restriction = build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
        Audience audience = build(Audience.DEFAULT_ELEMENT_NAME);
        audience.setURI(login.spEntityId());
        restriction.getAudiences().add(audience);
        conditions.getAudienceRestrictions().add(restriction);
        assertion.setConditions(conditions);
        AuthnStatement authn = build(AuthnStatement.DEFAULT_ELEMENT_NAME);
        authn.setAuthnInstant(now.minusSeconds(1));
        authn.setSessionIndex("_session-" + assertionId);
        AuthnContext context = build(AuthnContext.DEFAULT_ELEMENT_NAME);
        AuthnContextClassRef ref = build(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
        ref.setURI(AuthnContext.PPT_AUTHN_CTX);
        context.setAuthnContextClassRef(ref);
        authn.setAuthnContext(context);
        assertion.getAuthnStatements().add(authn);
        AttributeStatement attributes = build(AttributeStatement.DEFAULT_ELEMENT_NAME);
        String local = login.email().substring(0, login.email().indexOf('@'));
        attributes.getAttributes().add(attribute("email", login.email()));
        attributes.getAttributes().add(attribute("firstName", "Bench"));
        attributes.getAttributes().add(attribute("lastName", local));
        assertion.getAttributeStatements().add(attributes);
        response.getAssertions().add(assertion);

        Signature signature = build(Signature.DEFAULT_ELEMENT_NAME);
        signature.setSigningCredential(key.credential());
        signature.setSignatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        KeyInfo info = build(KeyInfo.DEFAULT_ELEMENT_NAME);
        try {
            KeyInfoSupport.addCertificate(info, key.certificate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        signature.setKeyInfo(info);
        assertion.setSignature(signature);
        ((SAMLObjectContentReference) signature.getContentReferences().get(0))
                .setDigestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA256);
        try {
            OpenSaml.marshallers().getMarshaller(response).marshall(response);
            Signer.signObject(signature);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the response", e);
        }
        return SerializeSupport.nodeToString(response.getDOM());
    }

    private static Issuer issuer(String value) {
        Issuer issuer = build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(value);
        issuer.setFormat(NameIDType.ENTITY);
        return issuer;
    }

    private static Attribute attribute(String name, String value) {
        Attribute attribute = build(Attribute.DEFAULT_ELEMENT_NAME);
        attribute.setName(name);
        attribute.setNameFormat(Attribute.BASIC);
        XSString v = new XSStringBuilder().buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
        v.setValue(value);
        attribute.getAttributeValues().add(v);
        return attribute;
    }
}
