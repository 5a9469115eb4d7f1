package io.gatehouse.sso.saml.validation;

import java.util.Optional;

/**
 * SAML profiles §4.1.4.2 / docs/design/saml-validation.md step 10: InResponseTo must name a pending, unexpired, unused
 * AuthnRequest of this account. A response without InResponseTo (IdP-initiated) is accepted only when the
 * account allows IdP-initiated login.
 */
public final class InResponseToValidator implements SamlRule {
    @Override
    public String name() {
        return "in_response_to";
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        String inResponseTo = context.response().inResponseTo();
        if (inResponseTo == null) {
            if (!context.expectations().allowIdpInitiated()) {
                return fail(
                        ErrorCode.CORRELATION,
                        "InResponseTo of a request we sent (IdP-initiated login is off)",
                        "none (IdP-initiated)",
                        "unsolicited responses are not allowed for this account");
            }
            return pass("a pending request, or none when IdP-initiated login is allowed", "none (IdP-initiated)");
        }
        Optional<RequestCorrelation.PendingRequest> found =
                context.correlation().find(inResponseTo);
        if (found.isEmpty()) {
            return fail(ErrorCode.CORRELATION, "a pending AuthnRequest", inResponseTo, "unknown request id");
        }
        RequestCorrelation.PendingRequest request = found.get();
        if (!context.expectations().accountId().equals(request.accountId())) {
            return fail(
                    ErrorCode.CORRELATION,
                    "a request of account " + context.expectations().accountId(),
                    inResponseTo,
                    "the request belongs to another account");
        }
        if (request.consumed()) {
            return fail(ErrorCode.CORRELATION, "an unused request", inResponseTo, "the request was already used");
        }
        if (!context.now().isBefore(request.expiresAt())) {
            return fail(
                    ErrorCode.CORRELATION,
                    "a request younger than its expiry " + request.expiresAt(),
                    inResponseTo,
                    "the request expired");
        }
        context.request = request;
        return pass("a pending AuthnRequest of this account", inResponseTo);
    }
}
