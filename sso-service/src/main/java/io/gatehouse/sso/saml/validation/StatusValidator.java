package io.gatehouse.sso.saml.validation;

import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;

/** SAML core §3.2.2.2 (Status): only a top-level {@code Success} status is a login. */
public final class StatusValidator implements SamlRule {
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
        Status status = context.response().getStatus();
        String received = describe(status);
        if (status == null
                || status.getStatusCode() == null
                || !StatusCode.SUCCESS.equals(status.getStatusCode().getValue())) {
            return fail(ErrorCode.STATUS, StatusCode.SUCCESS, received, "the IdP did not report success");
        }
        return pass(StatusCode.SUCCESS, received);
    }

    private static String describe(Status status) {
        if (status == null || status.getStatusCode() == null) {
            return "none";
        }
        StringBuilder text =
                new StringBuilder(String.valueOf(status.getStatusCode().getValue()));
        StatusCode second = status.getStatusCode().getStatusCode();
        if (second != null) {
            text.append(" / ").append(second.getValue());
        }
        if (status.getStatusMessage() != null && status.getStatusMessage().getValue() != null) {
            String message = status.getStatusMessage().getValue();
            text.append(" (")
                    .append(message.length() > 200 ? message.substring(0, 200) : message)
                    .append(')');
        }
        return text.toString();
    }
}
