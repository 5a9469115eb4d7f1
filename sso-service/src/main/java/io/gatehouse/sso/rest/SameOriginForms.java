package io.gatehouse.sso.rest;

import io.gatehouse.sso.config.SpUrls;
import io.gatehouse.sso.domain.Tokens;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Login CSRF on the sign-in forms ({@code POST /sso/login}, {@code POST /sso/switch}; issue 15 point 4, see
 * docs/adr/0009-login-integrity-csrf-session-swap-plan-domains.md): a form posted from another site must not start or switch a login.
 * <ul>
 *   <li>{@code Sec-Fetch-Site}, when present, must be {@code same-origin};</li>
 *   <li>{@code Origin}, when present, must be the origin of the public base URL ({@code null} is refused);</li>
 *   <li>when both are absent (a browser too old to send them, or a non-browser client), the form's hidden
 *       {@code csrf} field must equal the form cookie ({@code __Host-GH_FORM} on https, {@code GH_FORM} on http)
 *       that {@code GET /sso/login} set: a cross-site page can neither read nor set that cookie.</li>
 * </ul>
 */
final class SameOriginForms {
    static final String SECURE_NAME = "__Host-GH_FORM";
    static final String PLAIN_NAME = "GH_FORM";
    static final String FIELD = "csrf";
    private static final int MAX_TOKEN = 100;

    private SameOriginForms() {}

    static String cookieName(SpUrls urls) {
        return urls.secure() ? SECURE_NAME : PLAIN_NAME;
    }

    /** The form cookie the browser holds when it is well-formed, else null. */
    static String presentedToken(HttpHeaders headers, SpUrls urls) {
        Cookie cookie = headers.getCookies().get(cookieName(urls));
        String value = cookie == null ? null : cookie.getValue();
        return value == null || value.isEmpty() || value.length() > MAX_TOKEN ? null : value;
    }

    /** The token for a form page: the browser's own when it has one, else a new random one. */
    static String tokenFor(HttpHeaders headers, SpUrls urls) {
        String presented = presentedToken(headers, urls);
        return presented != null ? presented : Tokens.random(32);
    }

    /** HttpOnly, Path=/, SameSite=Strict (only this site's own pages post the forms), Secure on https. */
    static NewCookie cookie(String token, SpUrls urls) {
        return new NewCookie.Builder(cookieName(urls))
                .value(token)
                .path("/")
                .httpOnly(true)
                .secure(urls.secure())
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }

    /** Whether {@code Sec-Fetch-Site} or {@code Origin} says the request comes from another site. */
    static boolean crossSite(HttpHeaders headers, SpUrls urls) {
        String site = headers.getHeaderString("Sec-Fetch-Site");
        String origin = headers.getHeaderString("Origin");
        return (site != null && !"same-origin".equals(site.trim().toLowerCase(Locale.ROOT)))
                || (origin != null && !origin.trim().equalsIgnoreCase(origin(urls.base())));
    }

    /** Whether the POST came from this site's own page (see the class comment). */
    static boolean allowed(HttpHeaders headers, SpUrls urls, String formToken) {
        if (crossSite(headers, urls)) {
            return false;
        }
        if (headers.getHeaderString("Sec-Fetch-Site") != null || headers.getHeaderString("Origin") != null) {
            return true;
        }
        String cookie = presentedToken(headers, urls);
        return cookie != null
                && formToken != null
                && MessageDigest.isEqual(
                        cookie.getBytes(StandardCharsets.UTF_8), formToken.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code scheme://host[:port]} of a URL, as browsers write it in {@code Origin}. */
    static String origin(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || (port == 443 && scheme.equals("https")) || (port == 80 && scheme.equals("http"));
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
