package io.gatehouse.users.domain;

import java.util.regex.Pattern;

/** Account ids: lower-case letters, digits and dashes, 2–63 characters, not starting with a dash. */
public final class AccountIds {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    private AccountIds() {}

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
