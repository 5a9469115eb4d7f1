package io.gatehouse.sso.saml.validation;

/**
 * SAML bindings §3.5.5.2: Destination, when present, must be our ACS URL (taken from configuration, never from
 * Host or X-Forwarded-* headers); a signed Response must carry it.
 */
public final class DestinationValidator implements SamlRule {
    @Override
    public String name() {
        return "destination";
    }

    @Override
    public boolean needsAssertion() {
        return false;
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        String expected = context.expectations().acsUrl();
        String destination = context.response().destination();
        if (destination == null) {
            if (context.response().signature() != null) {
                return fail(ErrorCode.DESTINATION, expected, "none", "a signed Response must name its Destination");
            }
            return pass(expected, "none (optional for an unsigned Response)");
        }
        if (!destination.equals(expected)) {
            return fail(ErrorCode.DESTINATION, expected, destination, "the Destination is not this account's ACS URL");
        }
        return pass(expected, destination);
    }
}
