package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.Saml2;
import java.util.Locale;

/**
 * SAML core §8.3.2 (NameID format {@code emailAddress}: the value is an email address) read together with the
 * product's attribute mapping: when the Subject's NameID has the email format and the {@code email} attribute is
 * present, both must name the same address (compared trimmed and case-insensitively). An IdP whose NameID says
 * one person and whose {@code email} attribute says another is misconfigured or tampered with, and the session
 * would carry an identity that the audit trail (which records the NameID) contradicts. Code {@code email_mismatch},
 * category <em>Attribute mapping error</em>. A NameID of another format (persistent, unspecified, …) is not
 * compared.
 */
public final class EmailAgreementValidator implements SamlRule {
    private static final String EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

    @Override
    public String name() {
        return "email_agreement";
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        Saml2.NameId nameId = context.assertion().subject().nameId();
        if (!EMAIL.equals(nameId.format()) || context.email == null) {
            return pass("an email NameID equal to the email attribute", "NameID format " + nameId.format());
        }
        String subject = nameId.value().trim().toLowerCase(Locale.ROOT);
        if (!subject.equals(context.email)) {
            return fail(
                    ErrorCode.EMAIL_MISMATCH,
                    "NameID " + subject,
                    "email attribute " + context.email,
                    "the email NameID and the email attribute differ");
        }
        return pass("NameID equal to the email attribute", subject);
    }
}
