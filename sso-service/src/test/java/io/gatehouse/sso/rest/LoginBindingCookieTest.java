package io.gatehouse.sso.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The login-CSRF cookie must come back with the IdP's cross-site POST to the ACS. */
class LoginBindingCookieTest {

    @Test
    void onHttpsItIsAHostPrefixedSecureSameSiteNoneCookie() {
        NewCookie cookie = LoginBindingCookie.of("n".repeat(43), true, Duration.ofMinutes(5));
        assertEquals("__Host-GH_LOGIN", cookie.getName());
        assertTrue(cookie.isSecure());
        assertTrue(cookie.isHttpOnly());
        // SameSite=Lax would not be sent with the cross-site POST from the IdP to the ACS
        assertEquals(NewCookie.SameSite.NONE, cookie.getSameSite());
        assertEquals("/", cookie.getPath());
        assertEquals(null, cookie.getDomain());
        assertEquals(300, cookie.getMaxAge());
    }

    @Test
    void onPlainHttpItIsLaxBecauseBrowsersDropSameSiteNoneWithoutSecure() {
        NewCookie cookie = LoginBindingCookie.of("n".repeat(43), false, Duration.ofMinutes(5));
        assertEquals("GH_LOGIN", cookie.getName());
        assertFalse(cookie.isSecure());
        assertTrue(cookie.isHttpOnly());
        assertEquals(NewCookie.SameSite.LAX, cookie.getSameSite());
    }
}
