package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.Saml2;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * SAML core §2.7.3 (AttributeStatement), mapped the way the product documents it: {@code email} (required,
 * single-valued, an email address, read case-normalised), {@code firstName} and {@code lastName} (optional,
 * single-valued). JumpCloud's own names are the lowercase {@code email}, {@code firstname}, {@code lastname}.
 * Encrypted attributes are refused.
 */
public final class AttributeMappingValidator implements SamlRule {
    public static final String EMAIL = "email";
    public static final String FIRST_NAME = "firstName";
    public static final String LAST_NAME = "lastName";
    static final int MAX_NAME_LENGTH = 200;
    private static final Pattern EMAIL_SYNTAX = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

    @Override
    public String name() {
        return "attributes";
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        Map<String, List<String>> attributes = context.attributes;
        for (Saml2.AttributeStatement statement : context.assertion().attributeStatements()) {
            if (statement.encryptedAttributes() > 0) {
                return fail(
                        ErrorCode.ATTRIBUTE_INVALID,
                        "plain attributes",
                        "EncryptedAttribute",
                        "encrypted attributes are not supported");
            }
            for (Saml2.Attribute attribute : statement.attributes()) {
                if (attribute.name() == null) {
                    return fail(
                            ErrorCode.ATTRIBUTE_INVALID,
                            "attributes with a Name",
                            "an Attribute without a Name",
                            "an attribute has no name");
                }
                List<String> values = new ArrayList<>();
                for (Element value : attribute.values()) {
                    String text = XmlText.plainText(value);
                    if (text == null) {
                        return fail(
                                ErrorCode.ATTRIBUTE_INVALID,
                                "text attribute values",
                                "markup in " + attribute.name(),
                                "an attribute value contains markup");
                    }
                    values.add(text.trim());
                }
                attributes
                        .computeIfAbsent(attribute.name(), k -> new ArrayList<>())
                        .addAll(values);
            }
        }
        List<String> emails = attributes.get(EMAIL);
        if (emails == null || emails.isEmpty()) {
            return fail(
                    ErrorCode.ATTRIBUTE_MISSING,
                    "attribute " + EMAIL + " (mapped from JumpCloud's email)",
                    "attributes " + attributes.keySet(),
                    "the email attribute is missing");
        }
        if (emails.size() != 1) {
            return fail(
                    ErrorCode.ATTRIBUTE_INVALID,
                    "one " + EMAIL + " value",
                    emails.size() + " values",
                    "the email attribute has several values");
        }
        String email = emails.get(0);
        if (email.length() > 254 || !EMAIL_SYNTAX.matcher(email).matches()) {
            return fail(
                    ErrorCode.ATTRIBUTE_INVALID,
                    "an email address",
                    email,
                    "the email attribute is not an email address");
        }
        CheckResult names = singleName(FIRST_NAME, attributes);
        if (names == null) {
            names = singleName(LAST_NAME, attributes);
        }
        if (names != null) {
            return names;
        }
        context.email = email.toLowerCase(Locale.ROOT);
        context.firstName = first(attributes.get(FIRST_NAME));
        context.lastName = first(attributes.get(LAST_NAME));
        return pass(EMAIL + ", " + FIRST_NAME + ", " + LAST_NAME, String.join(", ", attributes.keySet()));
    }

    private CheckResult singleName(String name, Map<String, List<String>> attributes) {
        List<String> values = attributes.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1
                || (values.size() == 1
                        && (values.get(0).length() > MAX_NAME_LENGTH || XmlText.hasControlCharacters(values.get(0))))) {
            return fail(
                    ErrorCode.ATTRIBUTE_INVALID,
                    "one short " + name + " value",
                    values.size() + " values",
                    "the " + name + " attribute is malformed");
        }
        return null;
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }
}
