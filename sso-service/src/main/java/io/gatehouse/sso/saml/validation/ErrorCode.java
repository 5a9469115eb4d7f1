package io.gatehouse.sso.saml.validation;

import java.util.Locale;

/** The stable rejection codes of SAML-VALIDATION.md: logged, counted, audited and shown in Test Connection. */
public enum ErrorCode {
    DECODE(ErrorCategory.RESPONSE_ISSUE),
    XML(ErrorCategory.RESPONSE_ISSUE),
    STRUCTURE(ErrorCategory.RESPONSE_ISSUE),
    /** A Response or Assertion whose Version is not "2.0" (SAML core §3.2.2, §2.3.3). */
    VERSION(ErrorCategory.RESPONSE_ISSUE),
    STATUS(ErrorCategory.RESPONSE_ISSUE),
    DESTINATION(ErrorCategory.RESPONSE_ISSUE),
    AUDIENCE(ErrorCategory.RESPONSE_ISSUE),
    ISSUER(ErrorCategory.RESPONSE_ISSUE),
    TIME(ErrorCategory.RESPONSE_ISSUE),
    SUBJECT(ErrorCategory.RESPONSE_ISSUE),
    CORRELATION(ErrorCategory.RESPONSE_ISSUE),
    /** An SP-initiated response posted from a browser that did not start the login (login CSRF). */
    BROWSER_BINDING(ErrorCategory.RESPONSE_ISSUE),
    REPLAY(ErrorCategory.RESPONSE_ISSUE),
    ACCOUNT(ErrorCategory.RESPONSE_ISSUE),
    SIG_PROFILE(ErrorCategory.CERTIFICATE_ERROR),
    SIG_ALG(ErrorCategory.CERTIFICATE_ERROR),
    SIG_INVALID(ErrorCategory.CERTIFICATE_ERROR),
    NO_CERTIFICATE(ErrorCategory.CERTIFICATE_ERROR),
    CERTIFICATE_EXPIRED(ErrorCategory.CERTIFICATE_ERROR),
    ATTRIBUTE_MISSING(ErrorCategory.ATTRIBUTE_MAPPING_ERROR),
    ATTRIBUTE_INVALID(ErrorCategory.ATTRIBUTE_MAPPING_ERROR),
    /** An email-format NameID and the {@code email} attribute name two different people. */
    EMAIL_MISMATCH(ErrorCategory.ATTRIBUTE_MAPPING_ERROR),
    /** The email is not in one of the account's verified domains (and the account does not allow others). */
    EMAIL_DOMAIN(ErrorCategory.USER_NOT_RECOGNIZED),
    /** The account is no longer on a plan that includes SSO (BUSINESS or above). */
    PLAN(ErrorCategory.PLAN_NOT_AVAILABLE),
    USER_NOT_ASSIGNED(ErrorCategory.USER_NOT_RECOGNIZED),
    USER_REVOKED(ErrorCategory.USER_NOT_RECOGNIZED);

    private final ErrorCategory category;

    ErrorCode(ErrorCategory category) {
        this.category = category;
    }

    /** The snake_case code, e.g. {@code sig_invalid}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public ErrorCategory category() {
        return category;
    }

    @Override
    public String toString() {
        return code();
    }
}
