package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.Saml2;

/**
 * SAML profiles §4.1.4.2: the Response Issuer is optional; when present it must be the account's configured IdP
 * Entity ID with the entity format (or none).
 */
public final class IssuerValidator implements SamlRule {
    static final String ENTITY = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity";

    @Override
    public String name() {
        return "response_issuer";
    }

    @Override
    public boolean needsAssertion() {
        return false;
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        return check(this, context.response().issuer(), context.expectations().idpEntityId(), false);
    }

    static CheckResult check(SamlRule rule, Saml2.Issuer issuer, String expected, boolean required) {
        if (issuer == null) {
            return required
                    ? rule.fail(ErrorCode.ISSUER, expected, "none", "the Issuer is missing")
                    : rule.pass(expected, "none (optional)");
        }
        if (issuer.format() != null && !ENTITY.equals(issuer.format())) {
            return rule.fail(
                    ErrorCode.ISSUER, "Format " + ENTITY, issuer.format(), "the Issuer has a non-entity format");
        }
        String value = issuer.value();
        if (expected == null || !expected.equals(value)) {
            return rule.fail(ErrorCode.ISSUER, expected, value, "the Issuer is not the configured IdP Entity ID");
        }
        return rule.pass(expected, value);
    }
}
