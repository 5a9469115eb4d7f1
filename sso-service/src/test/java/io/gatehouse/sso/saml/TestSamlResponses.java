package io.gatehouse.sso.saml;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
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
import org.opensaml.saml.saml2.core.OneTimeUse;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.security.credential.BasicCredential;
import org.opensaml.security.credential.Credential;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.Signer;

/**
 * The one fixture factory for SAML responses: builds a JumpCloud-like Response with OpenSAML and genuinely signs
 * it (Assertion, Response or both) with a test key. Every field has a knob; defaults make a response that passes
 * every rule for {@link #ACCOUNT} at {@link #NOW}.
 */
public final class TestSamlResponses {
    public static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    public static final String ACCOUNT = "acct-test";
    public static final String BASE_URL = "http://localhost:8081";
    public static final String IDP_ENTITY_ID = "https://sso.jumpcloud.com/saml2/gatehouse";
    public static final String REQUEST_ID = "_req-0001";
    /** The verified domain of {@link #ACCOUNT}; the default email is in it. */
    public static final String DOMAIN = "acme.test";

    public enum Scope {
        ASSERTION,
        RESPONSE,
        BOTH,
        NONE
    }

    private TestSamlResponses() {}

    public static String spEntityId(String accountId) {
        return BASE_URL + "/saml/" + accountId + "/metadata";
    }

    public static String acsUrl(String accountId) {
        return BASE_URL + "/saml/" + accountId + "/acs";
    }

    public static Builder response() {
        return new Builder();
    }

    /** Every knob; chain the setters and call {@link #xml()} or {@link #base64()}. */
    public static final class Builder {
        public Instant now = NOW;
        public String responseId = "_resp-" + UUID.randomUUID();
        public String assertionId = "_assert-" + UUID.randomUUID();
        public String version = "2.0";
        public String assertionVersion = "2.0";
        public String responseIssuer = IDP_ENTITY_ID;
        public String assertionIssuer = IDP_ENTITY_ID;
        public String destination = acsUrl(ACCOUNT);
        public String inResponseTo = null;
        public String confirmationInResponseTo = null;
        public boolean confirmationInResponseToSet = false;
        public String recipient = acsUrl(ACCOUNT);
        public List<List<String>> audienceRestrictions = new ArrayList<>(List.of(List.of(spEntityId(ACCOUNT))));
        public String nameId = "jane.doe@acme.test";
        public String nameIdFormat = NameIDType.EMAIL;
        public Map<String, List<String>> attributes = new LinkedHashMap<>(Map.of(
                "email", List.of("Jane.Doe@acme.test"), "firstName", List.of("Jane"), "lastName", List.of("Doe")));
        public String statusCode = StatusCode.SUCCESS;
        public Instant responseIssueInstant;
        public Instant assertionIssueInstant;
        public Instant notBefore;
        public Instant notOnOrAfter;
        public Instant confirmationNotOnOrAfter;
        public Instant confirmationNotBefore;
        public boolean conditions = true;
        public boolean oneTimeUse = false;
        public boolean authnStatement = true;
        public String confirmationMethod = SubjectConfirmation.METHOD_BEARER;
        public boolean subjectConfirmation = true;
        public Scope scope = Scope.ASSERTION;
        public String signatureAlgorithm = SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256;
        public String digestAlgorithm = SignatureConstants.ALGO_ID_DIGEST_SHA256;
        public TestKeys keys = TestKeys.idp();
        public boolean keyInfo = true;
        /** When set, sign with HMAC keyed with these bytes (the HMAC confusion attack). */
        public byte[] hmacKey;
        /** Edits the marshalled Response DOM before it is signed (content the IdP itself would sign). */
        public java.util.function.Consumer<org.w3c.dom.Element> beforeSigning = e -> {};

        public Builder now(Instant value) {
            now = value;
            return this;
        }

        public Builder account(String accountId) {
            destination = acsUrl(accountId);
            recipient = acsUrl(accountId);
            audienceRestrictions = new ArrayList<>(List.of(List.of(spEntityId(accountId))));
            return this;
        }

        public Builder responseId(String value) {
            responseId = value;
            return this;
        }

        public Builder assertionId(String value) {
            assertionId = value;
            return this;
        }

        public Builder version(String value) {
            version = value;
            return this;
        }

        public Builder assertionVersion(String value) {
            assertionVersion = value;
            return this;
        }

        public Builder issuer(String value) {
            responseIssuer = value;
            assertionIssuer = value;
            return this;
        }

        public Builder responseIssuer(String value) {
            responseIssuer = value;
            return this;
        }

        public Builder assertionIssuer(String value) {
            assertionIssuer = value;
            return this;
        }

        public Builder destination(String value) {
            destination = value;
            return this;
        }

        public Builder inResponseTo(String value) {
            inResponseTo = value;
            return this;
        }

        public Builder confirmationInResponseTo(String value) {
            confirmationInResponseTo = value;
            confirmationInResponseToSet = true;
            return this;
        }

        public Builder recipient(String value) {
            recipient = value;
            return this;
        }

        public Builder audiences(List<List<String>> value) {
            audienceRestrictions = new ArrayList<>(value);
            return this;
        }

        public Builder nameId(String value) {
            nameId = value;
            return this;
        }

        public Builder nameIdFormat(String value) {
            nameIdFormat = value;
            return this;
        }

        public Builder attribute(String name, String... values) {
            attributes.put(name, List.of(values));
            return this;
        }

        public Builder withoutAttribute(String name) {
            attributes.remove(name);
            return this;
        }

        public Builder email(String value) {
            return attribute("email", value);
        }

        public Builder status(String value) {
            statusCode = value;
            return this;
        }

        public Builder issueInstant(Instant value) {
            responseIssueInstant = value;
            assertionIssueInstant = value;
            return this;
        }

        public Builder notBefore(Instant value) {
            notBefore = value;
            return this;
        }

        public Builder notOnOrAfter(Instant value) {
            notOnOrAfter = value;
            return this;
        }

        public Builder confirmationNotOnOrAfter(Instant value) {
            confirmationNotOnOrAfter = value;
            return this;
        }

        public Builder confirmationNotBefore(Instant value) {
            confirmationNotBefore = value;
            return this;
        }

        public Builder conditions(boolean value) {
            conditions = value;
            return this;
        }

        public Builder oneTimeUse(boolean value) {
            oneTimeUse = value;
            return this;
        }

        public Builder authnStatement(boolean value) {
            authnStatement = value;
            return this;
        }

        public Builder confirmationMethod(String value) {
            confirmationMethod = value;
            return this;
        }

        public Builder subjectConfirmation(boolean value) {
            subjectConfirmation = value;
            return this;
        }

        public Builder scope(Scope value) {
            scope = value;
            return this;
        }

        public Builder signatureAlgorithm(String value) {
            signatureAlgorithm = value;
            return this;
        }

        public Builder digestAlgorithm(String value) {
            digestAlgorithm = value;
            return this;
        }

        public Builder keys(TestKeys value) {
            keys = value;
            return this;
        }

        public Builder keyInfo(boolean value) {
            keyInfo = value;
            return this;
        }

        public Builder beforeSigning(java.util.function.Consumer<org.w3c.dom.Element> edit) {
            beforeSigning = edit;
            return this;
        }

        public Builder hmac(byte[] key) {
            hmacKey = key;
            signatureAlgorithm = SignatureConstants.ALGO_ID_MAC_HMAC_SHA256;
            return this;
        }

        /** The signed Response object (marshalled; its DOM holds the signatures). */
        public Response build() {
            OpenSaml.initialize();
            Response response = OpenSaml.build(Response.DEFAULT_ELEMENT_NAME);
            response.setID(responseId);
            response.setVersion(SAMLVersion.valueOf(version));
            response.setIssueInstant(responseIssueInstant == null ? now.minusSeconds(1) : responseIssueInstant);
            response.setDestination(destination);
            response.setInResponseTo(inResponseTo);
            if (responseIssuer != null) {
                response.setIssuer(newIssuer(responseIssuer));
            }
            Status status = OpenSaml.build(Status.DEFAULT_ELEMENT_NAME);
            StatusCode code = OpenSaml.build(StatusCode.DEFAULT_ELEMENT_NAME);
            code.setValue(statusCode);
            status.setStatusCode(code);
            response.setStatus(status);
            Assertion assertion = assertion();
            response.getAssertions().add(assertion);

            Signature assertionSignature = null;
            Signature responseSignature = null;
            if (scope == Scope.ASSERTION || scope == Scope.BOTH) {
                assertionSignature = signature();
                assertion.setSignature(assertionSignature);
                digest(assertionSignature);
            }
            if (scope == Scope.RESPONSE || scope == Scope.BOTH) {
                responseSignature = signature();
                response.setSignature(responseSignature);
                digest(responseSignature);
            }
            try {
                OpenSaml.marshallers().getMarshaller(response).marshall(response);
                beforeSigning.accept(response.getDOM());
                if (assertionSignature != null) {
                    Signer.signObject(assertionSignature);
                }
                if (responseSignature != null) {
                    Signer.signObject(responseSignature);
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot sign the test response", e);
            }
            return response;
        }

        public String xml() {
            return SerializeSupport.nodeToString(build().getDOM());
        }

        public String base64() {
            return encode(xml());
        }

        private Assertion assertion() {
            Instant issued = assertionIssueInstant == null ? now.minusSeconds(1) : assertionIssueInstant;
            Assertion assertion = OpenSaml.build(Assertion.DEFAULT_ELEMENT_NAME);
            assertion.setID(assertionId);
            assertion.setVersion(SAMLVersion.valueOf(assertionVersion));
            assertion.setIssueInstant(issued);
            if (assertionIssuer != null) {
                assertion.setIssuer(newIssuer(assertionIssuer));
            }
            Subject subject = OpenSaml.build(Subject.DEFAULT_ELEMENT_NAME);
            if (nameId != null) {
                NameID name = OpenSaml.build(NameID.DEFAULT_ELEMENT_NAME);
                name.setValue(nameId);
                name.setFormat(nameIdFormat);
                subject.setNameID(name);
            }
            if (subjectConfirmation) {
                SubjectConfirmation confirmation = OpenSaml.build(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
                confirmation.setMethod(confirmationMethod);
                SubjectConfirmationData data = OpenSaml.build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
                data.setRecipient(recipient);
                data.setNotOnOrAfter(
                        confirmationNotOnOrAfter == null ? now.plusSeconds(300) : confirmationNotOnOrAfter);
                data.setNotBefore(confirmationNotBefore);
                data.setInResponseTo(confirmationInResponseToSet ? confirmationInResponseTo : inResponseTo);
                confirmation.setSubjectConfirmationData(data);
                subject.getSubjectConfirmations().add(confirmation);
            }
            assertion.setSubject(subject);
            if (conditions) {
                Conditions c = OpenSaml.build(Conditions.DEFAULT_ELEMENT_NAME);
                c.setNotBefore(notBefore == null ? now.minusSeconds(5) : notBefore);
                c.setNotOnOrAfter(notOnOrAfter == null ? now.plusSeconds(300) : notOnOrAfter);
                for (List<String> audiences : audienceRestrictions) {
                    AudienceRestriction restriction = OpenSaml.build(AudienceRestriction.DEFAULT_ELEMENT_NAME);
                    for (String uri : audiences) {
                        Audience audience = OpenSaml.build(Audience.DEFAULT_ELEMENT_NAME);
                        audience.setURI(uri);
                        restriction.getAudiences().add(audience);
                    }
                    c.getAudienceRestrictions().add(restriction);
                }
                if (oneTimeUse) {
                    c.getConditions().add((OneTimeUse) OpenSaml.build(OneTimeUse.DEFAULT_ELEMENT_NAME));
                }
                assertion.setConditions(c);
            }
            if (authnStatement) {
                AuthnStatement statement = OpenSaml.build(AuthnStatement.DEFAULT_ELEMENT_NAME);
                statement.setAuthnInstant(issued);
                statement.setSessionIndex("_session-" + assertionId);
                AuthnContext context = OpenSaml.build(AuthnContext.DEFAULT_ELEMENT_NAME);
                AuthnContextClassRef ref = OpenSaml.build(AuthnContextClassRef.DEFAULT_ELEMENT_NAME);
                ref.setURI(AuthnContext.PPT_AUTHN_CTX);
                context.setAuthnContextClassRef(ref);
                statement.setAuthnContext(context);
                assertion.getAuthnStatements().add(statement);
            }
            if (!attributes.isEmpty()) {
                AttributeStatement statement = OpenSaml.build(AttributeStatement.DEFAULT_ELEMENT_NAME);
                XSStringBuilder strings = new XSStringBuilder();
                attributes.forEach((name, values) -> {
                    Attribute attribute = OpenSaml.build(Attribute.DEFAULT_ELEMENT_NAME);
                    attribute.setName(name);
                    attribute.setNameFormat(Attribute.BASIC);
                    for (String value : values) {
                        XSString v = strings.buildObject(AttributeValue.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME);
                        v.setValue(value);
                        attribute.getAttributeValues().add(v);
                    }
                    statement.getAttributes().add(attribute);
                });
                assertion.getAttributeStatements().add(statement);
            }
            return assertion;
        }

        private Issuer newIssuer(String value) {
            Issuer issuer = OpenSaml.build(Issuer.DEFAULT_ELEMENT_NAME);
            issuer.setValue(value);
            issuer.setFormat(NameIDType.ENTITY);
            return issuer;
        }

        private Signature signature() {
            Signature signature = OpenSaml.build(Signature.DEFAULT_ELEMENT_NAME);
            Credential credential =
                    hmacKey != null ? new BasicCredential(new SecretKeySpec(hmacKey, "HmacSHA256")) : keys.credential();
            signature.setSigningCredential(credential);
            signature.setSignatureAlgorithm(signatureAlgorithm);
            signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            if (keyInfo && hmacKey == null) {
                KeyInfo info = OpenSaml.build(KeyInfo.DEFAULT_ELEMENT_NAME);
                try {
                    KeyInfoSupport.addCertificate(info, keys.certificate());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                signature.setKeyInfo(info);
            }
            return signature;
        }

        private void digest(Signature signature) {
            ((SAMLObjectContentReference) signature.getContentReferences().get(0)).setDigestAlgorithm(digestAlgorithm);
        }
    }

    public static String encode(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    public static Duration minutes(long n) {
        return Duration.ofMinutes(n);
    }
}
