package io.gatehouse.sso.domain;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/** Normalises and checks email domain names (lower case, ASCII/punycode, at least two labels). */
public final class DomainNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private DomainNames() {}

    /** The normalised domain, or null when it is not a valid domain name. */
    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (value.endsWith(".")) {
            value = value.substring(0, value.length() - 1);
        }
        try {
            value = IDN.toASCII(value, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (value.isEmpty() || value.length() > 253) {
            return null;
        }
        String[] labels = value.split("\\.", -1);
        if (labels.length < 2) {
            return null;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return null;
            }
        }
        return value;
    }

    /** The domain of an email address, normalised, or null. */
    public static String ofEmail(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1 || email.indexOf('@') != at) {
            return null;
        }
        return normalise(email.substring(at + 1));
    }
}
