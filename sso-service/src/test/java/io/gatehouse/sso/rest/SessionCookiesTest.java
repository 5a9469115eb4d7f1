package io.gatehouse.sso.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.sso.config.SpUrls;
import io.gatehouse.sso.config.SsoConfig;
import jakarta.ws.rs.core.NewCookie;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 15 point 4: on https the session, presence and form cookies carry the {@code __Host-} prefix. */
class SessionCookiesTest {

    private static SsoConfig config(String baseUrl) {
        SsoConfig.Session session = (SsoConfig.Session) Proxy.newProxyInstance(
                SsoConfig.class.getClassLoader(),
                new Class<?>[] {SsoConfig.Session.class},
                (p, m, a) -> m.getName().equals("cookieName") ? "GH_SESSION" : null);
        return (SsoConfig) Proxy.newProxyInstance(
                SsoConfig.class.getClassLoader(), new Class<?>[] {SsoConfig.class}, (p, m, a) -> switch (m.getName()) {
                    case "publicBaseUrl" -> baseUrl;
                    case "session" -> session;
                    default -> null;
                });
    }

    private static void assertHostPrefixed(NewCookie cookie, String name) {
        assertEquals(name, cookie.getName());
        assertTrue(cookie.getName().startsWith("__Host-"));
        assertTrue(cookie.isSecure(), name + " must be Secure");
        assertEquals("/", cookie.getPath());
        assertNull(cookie.getDomain(), name + " must have no Domain");
        assertTrue(cookie.isHttpOnly());
    }

    @Test
    void onHttpsTheSessionPresenceAndFormCookiesAreHostPrefixed() {
        SsoConfig config = config("https://sso.example.com");
        SpUrls urls = new SpUrls(config);
        NewCookie session = SessionCookies.session(config, urls, "s", 60);
        assertHostPrefixed(session, "__Host-GH_SESSION");
        assertEquals(NewCookie.SameSite.LAX, session.getSameSite());
        NewCookie presence = SessionCookies.presence(urls, "p", 60);
        assertHostPrefixed(presence, "__Host-GH_PRESENCE");
        // sent with the IdP's cross-site POST to the ACS, where the Lax session cookie is not
        assertEquals(NewCookie.SameSite.NONE, presence.getSameSite());
        NewCookie form = SameOriginForms.cookie("t", urls);
        assertHostPrefixed(form, "__Host-GH_FORM");
        assertEquals(NewCookie.SameSite.STRICT, form.getSameSite());
    }

    @Test
    void onPlainHttpTheCookiesKeepTheirPlainNames() {
        SsoConfig config = config("http://localhost:8081");
        SpUrls urls = new SpUrls(config);
        NewCookie session = SessionCookies.session(config, urls, "s", 60);
        assertEquals("GH_SESSION", session.getName());
        assertFalse(session.isSecure());
        assertEquals("GH_PRESENCE", SessionCookies.presence(urls, "p", 60).getName());
        assertEquals(
                NewCookie.SameSite.LAX, SessionCookies.presence(urls, "p", 60).getSameSite());
    }

    @Test
    void onHttpsAPlainSessionCookieIsDroppedAndTheHostPrefixedOneIsReadUnderThePlainName() {
        // a plain GH_SESSION on https can only have been planted (e.g. by a sibling subdomain): never read it
        assertEquals(
                "a=1; GH_SESSION=real; b=2",
                SessionCookies.mapped(List.of("a=1; GH_SESSION=planted; __Host-GH_SESSION=real", "b=2"), "GH_SESSION"));
        assertEquals("x=1", SessionCookies.mapped(List.of("x=1; GH_SESSION=planted"), "GH_SESSION"));
    }

    @Test
    void theOriginOfThePublicBaseUrlIsWhatBrowsersSend() {
        assertEquals("https://sso.example.com", SameOriginForms.origin("https://sso.example.com:443/"));
        assertEquals("http://localhost:8081", SameOriginForms.origin("http://localhost:8081"));
        assertEquals("https://sso.example.com:8443", SameOriginForms.origin("https://SSO.example.com:8443/base"));
    }
}
