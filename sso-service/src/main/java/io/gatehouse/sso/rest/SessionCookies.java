package io.gatehouse.sso.rest;

import io.gatehouse.sso.config.SpUrls;
import io.gatehouse.sso.config.SsoConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import java.util.ArrayList;
import java.util.List;

/**
 * The session cookie and its presence companion (issue 15 point 4).
 * <ul>
 *   <li>Session: {@code GH_SESSION} (configurable), HttpOnly, SameSite=Lax, Path=/. On https it is
 *       {@code __Host-GH_SESSION; Secure} with no Domain: a sibling subdomain can neither set nor overwrite it
 *       (cookie tossing would let it plant its own session in the victim's browser).</li>
 *   <li>Presence: {@code __Host-GH_PRESENCE} (https; SameSite=None, Secure) or {@code GH_PRESENCE} (http; Lax),
 *       HttpOnly, a random value whose SHA-256 is stored with the session. The IdP's cross-site POST to the ACS
 *       carries it where the Lax session cookie is not sent, so the ACS can see that a login would replace a live
 *       session ({@code SessionSwitch}). It grants nothing by itself.</li>
 * </ul>
 * The resources read the session under its plain name; on https a Vert.x filter maps {@code __Host-GH_SESSION} to
 * it and drops a plain {@code GH_SESSION}, which on https can only have been planted.
 */
@ApplicationScoped
public class SessionCookies {
    static final String HOST_PREFIX = "__Host-";
    static final String PRESENCE = "GH_PRESENCE";

    static String sessionName(SsoConfig config, SpUrls urls) {
        return (urls.secure() ? HOST_PREFIX : "") + config.session().cookieName();
    }

    static String presenceName(SpUrls urls) {
        return (urls.secure() ? HOST_PREFIX : "") + PRESENCE;
    }

    static NewCookie session(SsoConfig config, SpUrls urls, String value, int maxAge) {
        return new NewCookie.Builder(sessionName(config, urls))
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure(urls.secure())
                .sameSite(NewCookie.SameSite.LAX)
                .maxAge(maxAge)
                .build();
    }

    static NewCookie presence(SpUrls urls, String value, int maxAge) {
        return new NewCookie.Builder(presenceName(urls))
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure(urls.secure())
                .sameSite(urls.secure() ? NewCookie.SameSite.NONE : NewCookie.SameSite.LAX)
                .maxAge(maxAge)
                .build();
    }

    /** The raw session id the request carried (after the https mapping), or null. */
    static String session(HttpHeaders headers, SsoConfig config) {
        Cookie cookie = headers.getCookies().get(config.session().cookieName());
        return cookie == null ? null : cookie.getValue();
    }

    static String presence(HttpHeaders headers, SpUrls urls) {
        Cookie cookie = headers.getCookies().get(presenceName(urls));
        return cookie == null ? null : cookie.getValue();
    }

    /** On https: {@code __Host-GH_SESSION} is what the resources see as {@code GH_SESSION}; a plain one is dropped. */
    void register(@Observes Filters filters, SpUrls urls, SsoConfig config) {
        if (!urls.secure()) {
            return;
        }
        String plain = config.session().cookieName();
        filters.register(
                rc -> {
                    MultiMap headers = rc.request().headers();
                    List<String> values = headers.getAll("Cookie");
                    if (!values.isEmpty()) {
                        headers.set("Cookie", mapped(values, plain));
                    }
                    rc.next();
                },
                1000);
    }

    static String mapped(List<String> headerValues, String plain) {
        List<String> kept = new ArrayList<>();
        for (String header : headerValues) {
            for (String part : header.split(";")) {
                String pair = part.trim();
                if (pair.startsWith(plain + "=")) {
                    continue;
                }
                kept.add(pair.startsWith(HOST_PREFIX + plain + "=") ? pair.substring(HOST_PREFIX.length()) : pair);
            }
        }
        return String.join("; ", kept);
    }
}
