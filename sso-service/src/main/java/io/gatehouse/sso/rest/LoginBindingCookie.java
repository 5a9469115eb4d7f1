package io.gatehouse.sso.rest;

import io.gatehouse.sso.config.SpUrls;
import io.gatehouse.sso.config.SsoConfig;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;

/**
 * The cookie that binds an SP-initiated AuthnRequest to the browser that started it (login CSRF; see
 * {@code BrowserBindingValidator} and docs/adr/0005-login-csrf-browser-binding.md). It must come back with the
 * IdP's cross-site auto-posted form, which a {@code SameSite=Lax} cookie does not: on https it is
 * {@code __Host-GH_LOGIN; Secure; SameSite=None}. Browsers drop {@code SameSite=None} without {@code Secure}, so on
 * plain http (the local stack, whose IdP on localhost is same-site) it is {@code GH_LOGIN; SameSite=Lax}. HttpOnly,
 * path /, and it lives as long as an AuthnRequest.
 */
final class LoginBindingCookie {
    static final String SECURE_NAME = "__Host-GH_LOGIN";
    static final String PLAIN_NAME = "GH_LOGIN";

    private LoginBindingCookie() {}

    static String name(SpUrls urls) {
        return urls.secure() ? SECURE_NAME : PLAIN_NAME;
    }

    /** The nonce the request carried, or null. */
    static String read(HttpHeaders headers, SpUrls urls) {
        Cookie cookie = headers.getCookies().get(name(urls));
        return cookie == null ? null : cookie.getValue();
    }

    static NewCookie of(String nonce, SpUrls urls, SsoConfig config) {
        return of(nonce, urls.secure(), config.authnRequestTtl());
    }

    /** {@code secure}: the public base URL is https. */
    static NewCookie of(String nonce, boolean secure, Duration lifetime) {
        return new NewCookie.Builder(secure ? SECURE_NAME : PLAIN_NAME)
                .value(nonce)
                .path("/")
                .httpOnly(true)
                .secure(secure)
                .sameSite(secure ? NewCookie.SameSite.NONE : NewCookie.SameSite.LAX)
                .maxAge((int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds()))
                .build();
    }
}
