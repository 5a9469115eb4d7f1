package io.gatehouse.sso.saml.validation;

import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameIDType;

/**
 * SAML profiles §4.1.4.2: the Response Issuer is optional; when present it must be the account's configured IdP
 * Entity ID with the entity format (or none).
 */
public final class IssuerValidator implements SamlRule {
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
        return check(
                this, context.response().getIssuer(), context.expectations().idpEntityId(), false);
    }

    static CheckResult check(SamlRule rule, Issuer issuer, String expected, boolean required) {
        if (issuer == null) {
            return required
                    ? rule.fail(ErrorCode.ISSUER, expected, "none", "the Issuer is missing")
                    : rule.pass(expected, "none (optional)");
        }
        if (issuer.getFormat() != null && !NameIDType.ENTITY.equals(issuer.getFormat())) {
            return rule.fail(
                    ErrorCode.ISSUER,
                    "Format " + NameIDType.ENTITY,
                    issuer.getFormat(),
                    "the Issuer has a non-entity format");
        }
        String value = issuer.getValue();
        if (expected == null || !expected.equals(value)) {
            return rule.fail(ErrorCode.ISSUER, expected, value, "the Issuer is not the configured IdP Entity ID");
        }
        return rule.pass(expected, value);
    }
}
