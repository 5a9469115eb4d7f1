package io.gatehouse.sso.saml.validation;

import org.opensaml.saml.saml2.core.Response;

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
        Response response = context.response();
        if (response.getID() == null || response.getID().isBlank()) {
            return fail(ErrorCode.STRUCTURE, "a Response ID", "none", "the Response has no ID");
        }
        if (response.getIssueInstant() == null) {
            return fail(ErrorCode.STRUCTURE, "a Response IssueInstant", "none", "the Response has no IssueInstant");
        }
        return pass("samlp:Response with ID and IssueInstant", "samlp:Response with ID and IssueInstant");
    }
}
