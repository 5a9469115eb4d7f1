package io.gatehouse.sso.saml.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;

/**
 * SAML profiles §4.1.4.2 and core §2.4.1.2: exactly one bearer SubjectConfirmation whose data has Recipient =
 * our ACS URL, a NotOnOrAfter in the future (with skew), and an InResponseTo that matches the Response's. The
 * profile also says the bearer SubjectConfirmationData "MUST NOT contain a NotBefore attribute" (profiles
 * §4.1.4.2, Web Browser SSO, &lt;Response&gt; usage): one that carries it is refused with {@code subject}, whatever
 * its value (the assertion's validity window belongs in Conditions, core §2.5.1.2).
 */
public final class SubjectConfirmationValidator implements SamlRule {
    @Override
    public String name() {
        return "subject_confirmation";
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        Subject subject = context.assertion().getSubject();
        if (subject == null) {
            return fail(ErrorCode.SUBJECT, "a Subject", "none", "the Assertion has no Subject");
        }
        List<SubjectConfirmation> bearers = subject.getSubjectConfirmations().stream()
                .filter(c -> SubjectConfirmation.METHOD_BEARER.equals(c.getMethod()))
                .toList();
        if (bearers.size() != 1) {
            return fail(
                    ErrorCode.SUBJECT,
                    "exactly one bearer SubjectConfirmation",
                    bearers.size() + " bearer",
                    "bearer subject confirmation missing or repeated");
        }
        SubjectConfirmationData data = bearers.get(0).getSubjectConfirmationData();
        if (data == null) {
            return fail(ErrorCode.SUBJECT, "SubjectConfirmationData", "none", "no confirmation data");
        }
        String acsUrl = context.expectations().acsUrl();
        if (!acsUrl.equals(data.getRecipient())) {
            return fail(
                    ErrorCode.SUBJECT,
                    acsUrl,
                    String.valueOf(data.getRecipient()),
                    "the Recipient is not this account's ACS URL");
        }
        if (data.getNotBefore() != null) {
            return fail(
                    ErrorCode.SUBJECT,
                    "no NotBefore on bearer SubjectConfirmationData (profiles §4.1.4.2)",
                    "NotBefore " + data.getNotBefore(),
                    "the bearer confirmation carries a NotBefore");
        }
        Instant now = context.now();
        Duration skew = context.expectations().clockSkew();
        if (data.getNotOnOrAfter() == null) {
            return fail(ErrorCode.SUBJECT, "a confirmation NotOnOrAfter", "none", "the confirmation has no expiry");
        }
        if (!now.minus(skew).isBefore(data.getNotOnOrAfter())) {
            return fail(
                    ErrorCode.TIME,
                    "confirmation NotOnOrAfter after " + now.minus(skew),
                    data.getNotOnOrAfter().toString(),
                    "the subject confirmation has expired");
        }
        String responseInResponseTo = context.response().getInResponseTo();
        if (!Objects.equals(responseInResponseTo, data.getInResponseTo())) {
            return fail(
                    ErrorCode.CORRELATION,
                    String.valueOf(responseInResponseTo),
                    String.valueOf(data.getInResponseTo()),
                    "the confirmation's InResponseTo differs from the Response's");
        }
        return pass("one bearer confirmation for " + acsUrl, "Recipient " + data.getRecipient());
    }
}
