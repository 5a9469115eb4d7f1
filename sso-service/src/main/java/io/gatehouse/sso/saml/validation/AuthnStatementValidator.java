package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.Saml2;

/**
 * SAML profiles §4.1.4.2: the assertion carries at least one AuthnStatement; a SessionNotOnOrAfter (§2.7.2),
 * if any, has not passed.
 */
public final class AuthnStatementValidator implements SamlRule {
    @Override
    public String name() {
        return "authn_statement";
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        var statements = context.assertion().authnStatements();
        if (statements.isEmpty()) {
            return fail(
                    ErrorCode.STRUCTURE,
                    "at least one AuthnStatement",
                    "none",
                    "the Assertion does not state an authentication");
        }
        for (Saml2.AuthnStatement statement : statements) {
            if (statement.sessionNotOnOrAfter() != null
                    && !context.now()
                            .minus(context.expectations().clockSkew())
                            .isBefore(statement.sessionNotOnOrAfter())) {
                return fail(
                        ErrorCode.TIME,
                        "SessionNotOnOrAfter in the future",
                        statement.sessionNotOnOrAfter().toString(),
                        "the IdP session has ended");
            }
        }
        return pass("at least one AuthnStatement", statements.size() + "");
    }
}
