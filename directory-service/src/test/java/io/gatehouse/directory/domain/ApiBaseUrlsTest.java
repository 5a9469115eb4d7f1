package io.gatehouse.directory.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.platform.domain.DomainException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's allow-list of JumpCloud API hosts. */
class ApiBaseUrlsTest {
    private final ApiBaseUrls defaults = new ApiBaseUrls(
            List.of("https://console.jumpcloud.com", "https://console.eu.jumpcloud.com/api"), List.of());

    private static String code(Runnable r) {
        try {
            r.run();
            return "accepted";
        } catch (DomainException e) {
            return e.code();
        }
    }

    @Test
    void requireAllowedWhenJumpCloudHostInAnySpellingThenAccepted() {
        for (String url : List.of(
                "https://console.jumpcloud.com",
                "https://console.jumpcloud.com/",
                "https://console.jumpcloud.com/api",
                "https://CONSOLE.JumpCloud.com:443/api/",
                "HTTPS://console.eu.jumpcloud.com",
                " https://console.eu.jumpcloud.com/api ")) {
            assertEquals("accepted", code(() -> defaults.requireAllowed(url)), url);
        }
    }

    @Test
    void requireAllowedWhenHostNotListedThenApiBaseUrlNotAllowed() {
        for (String url : List.of(
                "https://evil.test",
                "http://console.jumpcloud.com",
                "https://console.jumpcloud.com.evil.test",
                "https://console.jumpcloud.com:8443",
                "https://console.jumpcloud.com/other",
                "https://eu.jumpcloud.com",
                "http://127.0.0.1:8090")) {
            assertEquals("api_base_url_not_allowed", code(() -> defaults.requireAllowed(url)), url);
        }
    }

    @Test
    void requireAllowedWhenMalformedOrTrickyThenInvalidApiBaseUrl() {
        for (String url : List.of(
                "ftp://console.jumpcloud.com",
                "not a url",
                "",
                "https://console.jumpcloud.com@evil.test",
                "https://evil.test#@console.jumpcloud.com",
                "https://console.jumpcloud.com/api?x=1",
                "mailto:a@b",
                "https:console.jumpcloud.com",
                "https://console.jumpcloud.com\\@evil.test")) {
            assertEquals("invalid_api_base_url", code(() -> defaults.requireAllowed(url)), url);
        }
        assertFalse(defaults.allowed(null));
        assertFalse(defaults.allowed("https://console.jumpcloud.com@evil.test"));
    }

    @Test
    void loopbackEntriesWhenListedThenOnlyThatLoopbackOriginIsAllowed() {
        ApiBaseUrls local = new ApiBaseUrls(
                List.of("https://console.jumpcloud.com"),
                List.of("http://127.0.0.1:8090", "http://localhost:8091/api", "http://[::1]:8092"));
        assertTrue(local.allowed("http://127.0.0.1:8090/api"));
        assertTrue(local.allowed("http://localhost:8091"));
        assertTrue(local.allowed("http://[::1]:8092"));
        assertFalse(local.allowed("http://127.0.0.1:8091"));
        assertFalse(local.allowed("https://127.0.0.1:8090"));
        assertTrue(local.allowed("https://console.jumpcloud.com"));
    }

    @Test
    void configurationWhenHttpOffLoopbackOrMalformedThenStartFails() {
        assertStartFails("not https", List.of("http://console.jumpcloud.com"), List.of());
        assertStartFails("loopback", List.of(), List.of("http://10.0.0.5:8090"));
        assertStartFails("loopback", List.of(), List.of("http://localhost.evil.test:8090"));
        assertStartFails("not an absolute", List.of("console.jumpcloud.com"), List.of());
    }

    private static void assertStartFails(String why, List<String> https, List<String> loopback) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ApiBaseUrls(https, loopback));
        assertTrue(e.getMessage().contains(why), e::getMessage);
    }

    @Test
    void sameTargetComparesCanonicalForms() {
        assertTrue(ApiBaseUrls.sameTarget("https://console.jumpcloud.com", "https://console.jumpcloud.com/api/"));
        assertTrue(ApiBaseUrls.sameTarget("http://127.0.0.1:9", "http://127.0.0.1:9/"));
        assertFalse(ApiBaseUrls.sameTarget("http://127.0.0.1:9", "http://127.0.0.1:10"));
        assertFalse(ApiBaseUrls.sameTarget("https://console.jumpcloud.com", "https://console.eu.jumpcloud.com"));
        assertFalse(ApiBaseUrls.sameTarget(null, "https://console.jumpcloud.com"));
    }
}
