package io.gatehouse.simulator.saml;

import io.gatehouse.simulator.domain.AppSettings;
import io.gatehouse.simulator.domain.SigningKey;
import io.gatehouse.simulator.domain.SimApp;
import io.gatehouse.simulator.domain.SimUser;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.core.xml.XMLObjectBuilder;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.core.xml.util.XMLObjectSupport;
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
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.SignatureSigningParameters;
import org.opensaml.xmlsec.keyinfo.impl.X509KeyInfoGeneratorFactory;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureSupport;
import org.w3c.dom.Element;

/**
 * Builds the SAML 2.0 Response JumpCloud sends for a Custom SAML app: Issuer = IdP Entity ID, Destination and
 * Recipient = ACS URL, Audience = SP Entity ID, NameID = email, mapped attributes, a 5-minute window, signed on the
 * Assertion, the Response or both (Assertion first) with exclusive c14n and RSA-SHA256 (or RSA-SHA1 + SHA-1 digest).
 */
@ApplicationScoped
public class SamlResponseFactory {

    static final Duration VALIDITY = Duration.ofMinutes(5);
    static final Duration NOT_BEFORE_SKEW = Duration.ofSeconds(30);
    static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    static final String PASSWORD_PROTECTED = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
    static final String ATTRNAME_UNSPECIFIED = "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified";

    private final OpenSaml openSaml;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SamlResponseFactory(OpenSaml openSaml, Clock clock) {
        this.openSaml = openSaml;
        this.clock = clock;
    }

    /**
     * @param inResponseTo the AuthnRequest ID for SP-initiated logins, null for IdP-initiated
     * @param groupNames the user's group names, sent when the app has a group attribute
     * @return the base64 of the signed Response XML, as posted in {@code SAMLResponse}
     */
    public String create(SimApp app, SimUser user, String inResponseTo, List<String> groupNames) {
        AppSettings s = app.settings();
        Instant now = clock.instant();
        Response response = openSaml.build(Response.DEFAULT_ELEMENT_NAME);
        response.setID(newId());
        response.setVersion(SAMLVersion.VERSION_20);
        response.setIssueInstant(now);
        response.setDestination(s.acsUrl());
        response.setInResponseTo(inResponseTo);
        response.setIssuer(issuer(s.idpEntityId()));
        Status status = openSaml.build(Status.DEFAULT_ELEMENT_NAME);
        StatusCode code = openSaml.build(StatusCode.DEFAULT_ELEMENT_NAME);
        code.setValue(StatusCode.SUCCESS);
        status.setStatusCode(code);
        response.setStatus(status);

        Assertion assertion = assertion(s, user, inResponseTo, groupNames, now);
        response.getAssertions().add(assertion);

        try {
            SignatureSigningParameters parameters = signingParameters(app.activeKey(), s.signatureAlgorithm());
            if (s.sign() != AppSettings.SignMode.RESPONSE) {
                SignatureSupport.signObject(assertion, parameters);
            }
            Element element;
            if (s.sign() != AppSettings.SignMode.ASSERTION) {
                SignatureSupport.signObject(response, parameters);
                element = response.getDOM();
            } else {
                element = XMLObjectSupport.marshall(response);
            }
            String xml = SerializeSupport.nodeToString(element);
            return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the SAML response", e);
        }
    }

    private Assertion assertion(
            AppSettings s, SimUser user, String inResponseTo, List<String> groupNames, Instant now) {
        Assertion assertion = openSaml.build(Assertion.DEFAULT_ELEMENT_NAME);
        assertion.setID(newId());
        assertion.setVersion(SAMLVersion.VERSION_20);
        assertion.setIssueInstant(now);
        assertion.setIssuer(issuer(s.idpEntityId()));

        Subject subject = openSaml.build(Subject.DEFAULT_ELEMENT_NAME);
        NameID nameId = openSaml.build(NameID.DEFAULT_ELEMENT_NAME);
        nameId.setFormat(s.nameIdFormat());
        nameId.setValue(user.email());
        subject.setNameID(nameId);
        SubjectConfirmation confirmation = openSaml.build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
        confirmation.setMethod(BEARER);
        SubjectConfirmationData data = openSaml.build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
        data.setRecipient(s.acsUrl());
        data.setNotOnOrAfter(now.plus(VALIDITY));
        data.setInResponseTo(inResponseTo);
        confirmation.setSubjectConfirmationData(data);
        subject.getSubjectConfirmations().add(confirmation);
        assertion.setSubject(subject);

        Conditions conditions = openSaml.build(Conditions.DEFAULT_ELEMENT_NAME);
        conditions.setNotBefore(now.minus(NOT_BEFORE_SKEW));
        conditions.setNotOnOrAfter(now.plus(VALIDITY));
        AudienceRestriction restriction = openSaml.build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
        Audience audience = openSaml.build(Audience.DEFAULT_ELEMENT_NAME);
        audience.setAudienceURI(s.spEntityId());
        restriction.getAudiences().add(audience);
        conditions.getAudienceRestrictions().add(restriction);
        assertion.setConditions(conditions);

        AuthnStatement authn = openSaml.build(AuthnStatement.DEFAULT_ELEMENT_NAME);
        authn.setAuthnInstant(now);
        authn.setSessionIndex(newId());
        AuthnContext context = openSaml.build(AuthnContext.DEFAULT_ELEMENT_NAME);
        AuthnContextClassRef classRef = openSaml.build(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
        classRef.setURI(PASSWORD_PROTECTED);
        context.setAuthnContextClassRef(classRef);
        authn.setAuthnContext(context);
        assertion.getAuthnStatements().add(authn);

        AttributeStatement statement = openSaml.build(AttributeStatement.DEFAULT_ELEMENT_NAME);
        for (Map.Entry<String, String> mapping : s.attributes().entrySet()) {
            String value = user.field(mapping.getValue());
            if (value != null && !value.isEmpty()) {
                statement.getAttributes().add(attribute(mapping.getKey(), List.of(value)));
            }
        }
        for (Map.Entry<String, String> constant : s.constantAttributes().entrySet()) {
            statement.getAttributes().add(attribute(constant.getKey(), List.of(constant.getValue())));
        }
        if (s.groupAttributeName() != null && !s.groupAttributeName().isBlank() && !groupNames.isEmpty()) {
            statement.getAttributes().add(attribute(s.groupAttributeName(), groupNames));
        }
        if (!statement.getAttributes().isEmpty()) {
            assertion.getAttributeStatements().add(statement);
        }
        return assertion;
    }

    private Attribute attribute(String name, List<String> values) {
        Attribute attribute = openSaml.build(Attribute.DEFAULT_ELEMENT_NAME);
        attribute.setName(name);
        attribute.setNameFormat(ATTRNAME_UNSPECIFIED);
        XMLObjectBuilder<?> builder =
                XMLObjectProviderRegistrySupport.getBuilderFactory().getBuilderOrThrow(XSString.TYPE_NAME);
        for (String value : values) {
            XSString xs = (XSString) builder.buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
            xs.setValue(value);
            attribute.getAttributeValues().add(xs);
        }
        return attribute;
    }

    private Issuer issuer(String value) {
        Issuer issuer = openSaml.build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(value);
        return issuer;
    }

    static SignatureSigningParameters signingParameters(SigningKey key, AppSettings.SignatureAlgorithm algorithm) {
        SignatureSigningParameters parameters = new SignatureSigningParameters();
        parameters.setSigningCredential(new BasicX509Credential(key.certificate(), key.privateKey()));
        boolean sha1 = algorithm == AppSettings.SignatureAlgorithm.RSA_SHA1;
        parameters.setSignatureAlgorithm(
                sha1 ? SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1 : SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
        parameters.setSignatureReferenceDigestMethod(
                sha1 ? SignatureConstants.ALGO_ID_DIGEST_SHA1 : SignatureConstants.ALGO_ID_DIGEST_SHA256);
        parameters.setSignatureCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        X509KeyInfoGeneratorFactory keyInfo = new X509KeyInfoGeneratorFactory();
        keyInfo.setEmitEntityCertificate(true);
        parameters.setKeyInfoGenerator(keyInfo.newInstance());
        return parameters;
    }

    private String newId() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return "_" + HexFormat.of().formatHex(bytes);
    }
}
