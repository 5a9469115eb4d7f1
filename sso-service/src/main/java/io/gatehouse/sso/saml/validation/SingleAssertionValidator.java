package io.gatehouse.sso.saml.validation;

import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Response;

/**
 * SAML profiles §4.1.4.2: exactly one Assertion, a direct child of the Response; EncryptedAssertion is refused
 * (no decryption is configured), and no other Assertion may hide anywhere in the document (signature wrapping).
 */
public final class SingleAssertionValidator implements SamlRule {
    @Override
    public String name() {
        return "single_assertion";
    }

    @Override
    public boolean needsAssertion() {
        return false;
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        Response response = context.response();
        if (!response.getEncryptedAssertions().isEmpty()) {
            return fail(
                    ErrorCode.STRUCTURE,
                    "one plain Assertion",
                    "EncryptedAssertion",
                    "encrypted assertions are not supported; turn assertion encryption off");
        }
        int direct = response.getAssertions().size();
        int anywhere = context.document()
                .getElementsByTagNameNS(SAMLConstants.SAML20_NS, "Assertion")
                .getLength();
        if (direct != 1 || anywhere != 1) {
            return fail(
                    ErrorCode.STRUCTURE,
                    "exactly one Assertion",
                    direct + " in the Response, " + anywhere + " in the document",
                    "the Response must contain exactly one Assertion");
        }
        context.assertion = response.getAssertions().get(0);
        return pass("exactly one Assertion", "1");
    }
}
