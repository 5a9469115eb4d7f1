package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.Saml2;

/** SAML core §3.2.2 (StatusResponseType): an ID and an IssueInstant are required (Version: {@link VersionValidator}). */
public final class ResponseStructureValidator implements SamlRule {
    @Override
    public String name() {
        return "response_structure";
    }

    @Override
    public boolean needsAssertion() {
        return false;
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        Saml2.Response response = context.response();
        if (response.id() == null) {
            return fail(ErrorCode.STRUCTURE, "a Response ID", "none", "the Response has no ID");
        }
        if (response.issueInstant() == null) {
            return fail(ErrorCode.STRUCTURE, "a Response IssueInstant", "none", "the Response has no IssueInstant");
        }
        return pass("samlp:Response with ID and IssueInstant", "samlp:Response with ID and IssueInstant");
    }
}
