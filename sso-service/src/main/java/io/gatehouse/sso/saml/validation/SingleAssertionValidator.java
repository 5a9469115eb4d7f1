package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.Saml2;

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
        Saml2.Response response = context.response();
        if (response.encryptedAssertions() > 0) {
            return fail(
                    ErrorCode.STRUCTURE,
                    "one plain Assertion",
                    "EncryptedAssertion",
                    "encrypted assertions are not supported; turn assertion encryption off");
        }
        int direct = response.assertions().size();
        int anywhere = context.document()
                .getElementsByTagNameNS(Saml2.ASSERTION_NS, "Assertion")
                .getLength();
        if (direct != 1 || anywhere != 1) {
            return fail(
                    ErrorCode.STRUCTURE,
                    "exactly one Assertion",
                    direct + " in the Response, " + anywhere + " in the document",
                    "the Response must contain exactly one Assertion");
        }
        context.assertion = response.assertions().get(0);
        return pass("exactly one Assertion", "1");
    }
}
