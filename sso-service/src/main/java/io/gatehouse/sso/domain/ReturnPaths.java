package io.gatehouse.sso.domain;

import java.util.regex.Pattern;

/**
 * Return paths after login: only relative paths on this site ("/app/..."), so RelayState and returnTo can never
 * become an open redirect or carry script.
 */
public final class ReturnPaths {
    public static final String DEFAULT = "/app";
    private static final Pattern SAFE = Pattern.compile("/[A-Za-z0-9\\-._~/%?=&+]*");

    private ReturnPaths() {}

    /** The path when it is a safe relative path, else null. */
    public static String validate(String path) {
        if (path == null || path.isEmpty() || path.length() > 512) {
            return null;
        }
        if (!SAFE.matcher(path).matches()
                || path.startsWith("//")
                || path.contains("/..")
                || path.contains("%2f")
                || path.contains("%2F")
                || path.contains("%5c")
                || path.contains("%5C")) {
            return null;
        }
        return path;
    }

    public static String orDefault(String path) {
        String safe = validate(path);
        return safe == null ? DEFAULT : safe;
    }
}
