package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.Saml2;
import java.time.Duration;
import java.time.Instant;

/**
 * SAML core §2.5.1.2 (Conditions NotBefore / NotOnOrAfter) and §1.3.3: the Response and Assertion IssueInstant
 * are neither in the future nor older than the maximum age; Conditions with NotOnOrAfter are required; every
 * bound is applied with the account's clock skew (NotBefore inclusive, NotOnOrAfter exclusive).
 */
public final class TimeWindowValidator implements SamlRule {
    @Override
    public String name() {
        return "time_window";
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        Instant now = context.now();
        Duration skew = context.expectations().clockSkew();
        Duration maxAge = context.expectations().maxAge();
        CheckResult issued = issueInstant("Response", context.response().issueInstant(), now, skew, maxAge);
        if (issued != null) {
            return issued;
        }
        Saml2.Assertion assertion = context.assertion();
        issued = issueInstant("Assertion", assertion.issueInstant(), now, skew, maxAge);
        if (issued != null) {
            return issued;
        }
        Saml2.Conditions conditions = assertion.conditions();
        if (conditions == null || conditions.notOnOrAfter() == null) {
            return fail(ErrorCode.TIME, "Conditions with NotOnOrAfter", "none", "the Assertion has no validity window");
        }
        String window = "[" + conditions.notBefore() + ", " + conditions.notOnOrAfter() + ")";
        String expected = "now " + now + " within " + window + " ± " + skew.toSeconds() + "s";
        if (conditions.notBefore() != null && now.plus(skew).isBefore(conditions.notBefore())) {
            return fail(
                    ErrorCode.TIME,
                    expected,
                    "NotBefore " + conditions.notBefore(),
                    "the Assertion is not valid yet (check the clocks)");
        }
        if (!now.minus(skew).isBefore(conditions.notOnOrAfter())) {
            return fail(
                    ErrorCode.TIME, expected, "NotOnOrAfter " + conditions.notOnOrAfter(), "the Assertion has expired");
        }
        return pass(expected, window);
    }

    private CheckResult issueInstant(String what, Instant issued, Instant now, Duration skew, Duration maxAge) {
        if (issued == null) {
            return fail(ErrorCode.TIME, what + " IssueInstant", "none", what + " has no IssueInstant");
        }
        if (issued.isAfter(now.plus(skew))) {
            return fail(
                    ErrorCode.TIME,
                    what + " IssueInstant not after " + now.plus(skew),
                    issued.toString(),
                    what + " was issued in the future (check the clocks)");
        }
        if (issued.isBefore(now.minus(maxAge).minus(skew))) {
            return fail(
                    ErrorCode.TIME,
                    what + " IssueInstant not before " + now.minus(maxAge).minus(skew),
                    issued.toString(),
                    what + " is too old");
        }
        return null;
    }
}
