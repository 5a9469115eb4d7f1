package io.gatehouse.sso.saml.validation;

/** SAML profiles §4.1.4.2: the Assertion's Issuer is required and must be the configured IdP Entity ID. */
public final class AssertionIssuerValidator implements SamlRule {
    @Override
    public String name() {
        return "assertion_issuer";
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        return IssuerValidator.check(
                this, context.assertion().issuer(), context.expectations().idpEntityId(), true);
    }
}
