package io.gatehouse.sso.saml.validation;

import java.util.Locale;

/** The stable rejection codes of docs/design/saml-validation.md: logged, counted, audited, shown in Test Connection. */
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
    /** A weak or unknown algorithm, e.g. RSA-SHA1: a setting of the JumpCloud application, not its certificate. */
    SIG_ALG(ErrorCategory.RESPONSE_ISSUE),
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

    /**
     * What to change, in JumpCloud's words for its fields: where one setting is the cause the advice names it,
     * otherwise it is the category's. Shown to admins (Test Connection, the audit trail); the page a person sees
     * uses {@link #personFix()}.
     */
    public String fix() {
        return switch (this) {
            case SIG_ALG ->
                "In the JumpCloud application's SSO tab, set Signature Algorithm to RSA-SHA256 "
                        + "(RSA-SHA1 is refused), save, and sign in again.";
            case ISSUER ->
                "Copy the IdP Entity ID from the JumpCloud application's SSO tab into IdP Entity ID in "
                        + "Settings → Security → Single Sign-On here; the two must match exactly.";
            case AUDIENCE ->
                "Copy the SP Entity ID shown in Settings → Security → Single Sign-On here into SP Entity "
                        + "ID in the JumpCloud application's SSO tab; the two must match exactly.";
            case DESTINATION ->
                "Copy the ACS URL shown in Settings → Security → Single Sign-On here into ACS URL in "
                        + "the JumpCloud application's SSO tab; the two must match exactly.";
            case USER_REVOKED ->
                "Your access to this account has been turned off. Ask your administrator to " + "restore it.";
            default -> category.fix();
        };
    }

    /**
     * The advice on the sign-in error page, which anyone can provoke with a forged response: specific only where
     * that tells a forger nothing. The response's issuer and destination are checked before the signature
     * ({@link SamlResponseValidator}'s order), so naming them would confirm which guess failed; the algorithm
     * policy is public, and the audience and revocation rules run after the signature has verified.
     */
    public String personFix() {
        return switch (this) {
            case ISSUER, DESTINATION -> category.fix();
            default -> fix();
        };
    }

    @Override
    public String toString() {
        return code();
    }
}
