package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.Saml2;

/**
 * SAML core §3.2.2 (StatusResponseType {@code Version}) and §2.3.3 (Assertion {@code Version}): both carry the
 * version of the message, and for this specification it is "2.0" (core §4.1: "a SAML processor MUST reject a
 * message with a version it does not support"). The Response <em>and</em> every Assertion in it must say "2.0";
 * anything else (missing, "1.1", "2.1", …) is refused with {@code version}. Runs first: no other rule reads a
 * message of an unknown version.
 */
public final class VersionValidator implements SamlRule {
    private static final String VERSION_20 = "2.0";

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
        Saml2.Response response = context.response();
        if (!VERSION_20.equals(response.version())) {
            return fail(
                    ErrorCode.VERSION,
                    "Response Version 2.0",
                    String.valueOf(response.version()),
                    "unsupported SAML version on the Response");
        }
        for (Saml2.Assertion assertion : response.assertions()) {
            if (!VERSION_20.equals(assertion.version())) {
                return fail(
                        ErrorCode.VERSION,
                        "Assertion Version 2.0",
                        String.valueOf(assertion.version()),
                        "unsupported SAML version on the Assertion");
            }
        }
        return pass("Version 2.0", "Version 2.0");
    }
}
