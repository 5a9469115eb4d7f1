package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.Saml2;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * SAML profiles §4.1.4.2 and core §2.4.1.2: exactly one bearer SubjectConfirmation whose data has Recipient =
 * our ACS URL, a NotOnOrAfter in the future (with skew), and an InResponseTo that matches the Response's. The
 * profile also says the bearer SubjectConfirmationData "MUST NOT contain a NotBefore attribute" (profiles
 * §4.1.4.2, Web Browser SSO, &lt;Response&gt; usage): one that carries it is refused with {@code subject}, whatever
 * its value (the assertion's validity window belongs in Conditions, core §2.5.1.2).
 */
public final class SubjectConfirmationValidator implements SamlRule {
    private static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

    @Override
    public String name() {
        return "subject_confirmation";
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        Saml2.Subject subject = context.assertion().subject();
        if (subject == null) {
            return fail(ErrorCode.SUBJECT, "a Subject", "none", "the Assertion has no Subject");
        }
        List<Saml2.Confirmation> bearers = subject.confirmations().stream()
                .filter(c -> BEARER.equals(c.method()))
                .toList();
        if (bearers.size() != 1) {
            return fail(
                    ErrorCode.SUBJECT,
                    "exactly one bearer SubjectConfirmation",
                    bearers.size() + " bearer",
                    "bearer subject confirmation missing or repeated");
        }
        Saml2.ConfirmationData data = bearers.get(0).data();
        if (data == null) {
            return fail(ErrorCode.SUBJECT, "SubjectConfirmationData", "none", "no confirmation data");
        }
        String acsUrl = context.expectations().acsUrl();
        if (!acsUrl.equals(data.recipient())) {
            return fail(
                    ErrorCode.SUBJECT,
                    acsUrl,
                    String.valueOf(data.recipient()),
                    "the Recipient is not this account's ACS URL");
        }
        if (data.notBefore() != null) {
            return fail(
                    ErrorCode.SUBJECT,
                    "no NotBefore on bearer SubjectConfirmationData (profiles §4.1.4.2)",
                    "NotBefore " + data.notBefore(),
                    "the bearer confirmation carries a NotBefore");
        }
        Instant now = context.now();
        Duration skew = context.expectations().clockSkew();
        if (data.notOnOrAfter() == null) {
            return fail(ErrorCode.SUBJECT, "a confirmation NotOnOrAfter", "none", "the confirmation has no expiry");
        }
        if (!now.minus(skew).isBefore(data.notOnOrAfter())) {
            return fail(
                    ErrorCode.TIME,
                    "confirmation NotOnOrAfter after " + now.minus(skew),
                    data.notOnOrAfter().toString(),
                    "the subject confirmation has expired");
        }
        String responseInResponseTo = context.response().inResponseTo();
        if (!Objects.equals(responseInResponseTo, data.inResponseTo())) {
            return fail(
                    ErrorCode.CORRELATION,
                    String.valueOf(responseInResponseTo),
                    String.valueOf(data.inResponseTo()),
                    "the confirmation's InResponseTo differs from the Response's");
        }
        return pass("one bearer confirmation for " + acsUrl, "Recipient " + data.recipient());
    }
}
