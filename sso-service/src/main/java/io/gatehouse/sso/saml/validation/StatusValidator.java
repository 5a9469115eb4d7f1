package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.Saml2;

/** SAML core §3.2.2.2 (Status): only a top-level {@code Success} status is a login. */
public final class StatusValidator implements SamlRule {
    private static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

    @Override
    public String name() {
        return "status";
    }

    @Override
    public boolean needsAssertion() {
        return false;
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        Saml2.Status status = context.response().status();
        String received = describe(status);
        if (status == null
                || status.code() == null
                || !SUCCESS.equals(status.code().value())) {
            return fail(ErrorCode.STATUS, SUCCESS, received, "the IdP did not report success");
        }
        return pass(SUCCESS, received);
    }

    private static String describe(Saml2.Status status) {
        if (status == null || status.code() == null) {
            return "none";
        }
        StringBuilder text = new StringBuilder(String.valueOf(status.code().value()));
        Saml2.StatusCode second = status.code().nested();
        if (second != null) {
            text.append(" / ").append(second.value());
        }
        if (status.message() != null) {
            String message = status.message();
            text.append(" (")
                    .append(message.length() > 200 ? message.substring(0, 200) : message)
                    .append(')');
        }
        return text.toString();
    }
}
