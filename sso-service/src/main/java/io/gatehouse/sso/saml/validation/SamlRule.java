package io.gatehouse.sso.saml.validation;

/** One validation rule; it returns a result with a stable code instead of throwing. */
public interface SamlRule {

    /** The check's name in reports, e.g. {@code audience}. */
    String name();

    CheckResult validate(ValidationContext context);

    /** Rules that read the Assertion run only once {@link SingleAssertionValidator} found exactly one. */
    default boolean needsAssertion() {
        return true;
    }

    default CheckResult pass(String expected, String received) {
        return CheckResult.pass(name(), expected, received);
    }

    default CheckResult fail(ErrorCode code, String expected, String received, String detail) {
        return CheckResult.fail(name(), code, expected, received, detail);
    }
}
