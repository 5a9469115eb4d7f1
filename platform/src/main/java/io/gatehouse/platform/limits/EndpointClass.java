package io.gatehouse.platform.limits;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoint classes with their own abuse limits, how a request path is sorted into one (with the account it
 * names, if any), and how a refusal is written: the HTML page for browser endpoints, RFC 9457 problem+json for the
 * APIs, RFC 7644 error JSON for SCIM.
 */
public enum EndpointClass {
    LOGIN(Answer.HTML),
    ACS(Answer.HTML),
    CONSOLE_API(Answer.PROBLEM),
    SCIM(Answer.SCIM),
    ADMIN_API(Answer.PROBLEM);

    /** How a throttled request is answered. */
    public enum Answer {
        HTML,
        PROBLEM,
        SCIM
    }

    /** A request of {@code endpoint}; {@code account} is null when the path names none. */
    public record Match(EndpointClass endpoint, String account) {}

    /** Longer path segments are cut to this for the key (account ids are at most 100 characters). */
    static final int MAX_ACCOUNT_KEY = 100;

    private static final Pattern ACS_PATH = Pattern.compile("/saml/([^/]+)/acs/?");
    private static final Pattern CONSOLE_PATH = Pattern.compile("/console/api/[^/]+/(?:accounts/([^/]+))?.*");
    private static final Pattern SCIM_PATH = Pattern.compile("/scim/v2/([^/]+)(?:/.*)?");
    private static final Pattern ADMIN_PATH = Pattern.compile("/api/(?:accounts/([^/]+))?.*");

    private final Answer answer;

    EndpointClass(Answer answer) {
        this.answer = answer;
    }

    public Answer answer() {
        return answer;
    }

    /** The class of a request (its normalized path), or null for an unlimited path (pages, metadata, health). */
    public static Match classify(String method, String path) {
        if (path == null) {
            return null;
        }
        if (path.equals("/sso/login") || path.equals("/sso/login/")) {
            return "POST".equals(method) ? new Match(LOGIN, null) : null;
        }
        Matcher m;
        if ((m = ACS_PATH.matcher(path)).matches()) {
            return new Match(ACS, key(m.group(1)));
        }
        if ((m = CONSOLE_PATH.matcher(path)).matches()) {
            return new Match(CONSOLE_API, key(m.group(1)));
        }
        if ((m = SCIM_PATH.matcher(path)).matches()) {
            return new Match(SCIM, key(m.group(1)));
        }
        if ((m = ADMIN_PATH.matcher(path)).matches()) {
            return new Match(ADMIN_API, key(m.group(1)));
        }
        return null;
    }

    private static String key(String segment) {
        if (segment == null || segment.isEmpty()) {
            return null;
        }
        return segment.length() > MAX_ACCOUNT_KEY ? segment.substring(0, MAX_ACCOUNT_KEY) : segment;
    }
}
