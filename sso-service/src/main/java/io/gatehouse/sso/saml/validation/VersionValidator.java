package io.gatehouse.sso.saml.validation;

import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;

/**
 * SAML core §3.2.2 (StatusResponseType {@code Version}) and §2.3.3 (Assertion {@code Version}): both carry the
 * version of the message, and for this specification it is "2.0" (core §4.1: "a SAML processor MUST reject a
 * message with a version it does not support"). The Response <em>and</em> every Assertion in it must say "2.0";
 * anything else (missing, "1.1", "2.1", …) is refused with {@code version}. Runs first: no other rule reads a
 * message of an unknown version.
 */
public final class VersionValidator implements SamlRule {
    @Override
    public String name() {
        return "version";
    }

    @Override
    public boolean needsAssertion() {
        return false;
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        Response response = context.response();
        if (!SAMLVersion.VERSION_20.equals(response.getVersion())) {
            return fail(
                    ErrorCode.VERSION,
                    "Response Version 2.0",
                    String.valueOf(response.getVersion()),
                    "unsupported SAML version on the Response");
        }
        for (Assertion assertion : response.getAssertions()) {
            if (!SAMLVersion.VERSION_20.equals(assertion.getVersion())) {
                return fail(
                        ErrorCode.VERSION,
                        "Assertion Version 2.0",
                        String.valueOf(assertion.getVersion()),
                        "unsupported SAML version on the Assertion");
            }
        }
        return pass("Version 2.0", "Version 2.0");
    }
}
