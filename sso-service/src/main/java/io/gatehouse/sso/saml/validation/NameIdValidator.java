package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.Saml2;

/**
 * SAML core §2.2.3 / §2.4.1: the Subject has a plain, non-empty NameID (EncryptedID and BaseID are refused).
 * The value must be one whole text node: a processing instruction or element inside it is refused, and
 * comments were already dropped by the parser so the value is always read whole.
 */
public final class NameIdValidator implements SamlRule {
    static final int MAX_LENGTH = 256;

    @Override
    public String name() {
        return "name_id";
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        Saml2.Subject subject = context.assertion().subject();
        Saml2.NameId nameId = subject == null ? null : subject.nameId();
        if (nameId == null) {
            return fail(
                    ErrorCode.SUBJECT,
                    "a NameID",
                    subject != null && subject.encryptedId() ? "EncryptedID" : "none",
                    "the Subject has no plain NameID");
        }
        String text = XmlText.plainText(nameId.dom());
        String value = nameId.value();
        if (text == null || value == null || !text.trim().equals(value)) {
            return fail(
                    ErrorCode.SUBJECT,
                    "a NameID holding one text value",
                    "mixed content",
                    "the NameID contains markup");
        }
        if (value.isBlank() || value.length() > MAX_LENGTH || XmlText.hasControlCharacters(value)) {
            return fail(
                    ErrorCode.SUBJECT,
                    "a non-empty NameID of at most " + MAX_LENGTH + " characters",
                    value.length() + " characters",
                    "the NameID is empty or malformed");
        }
        return pass("a non-empty NameID", value);
    }
}
