package io.gatehouse.sso.saml.validation;

/**
 * The outcome of one rule: passed, or failed with a stable {@link ErrorCode}; {@code expected} and {@code received}
 * carry the values compared (shown to the admin in Test Connection, never to the person logging in).
 */
public record CheckResult(
        String check, boolean passed, ErrorCode code, String expected, String received, String detail) {

    public static CheckResult pass(String check, String expected, String received) {
        return new CheckResult(check, true, null, expected, received, null);
    }

    public static CheckResult fail(String check, ErrorCode code, String expected, String received, String detail) {
        return new CheckResult(check, false, code, expected, received, detail);
    }

    public boolean failed() {
        return !passed;
    }
}
