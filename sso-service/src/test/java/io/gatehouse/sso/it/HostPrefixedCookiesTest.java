package io.gatehouse.sso.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.Role;
import io.gatehouse.sso.domain.Sessions;
import io.gatehouse.sso.domain.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 point 4 with an https public base URL: the cookies are {@code __Host-} prefixed, the prefixed session
 * cookie is the one the service reads, and a plain {@code GH_SESSION} (which only a sibling subdomain could have
 * planted on https) is ignored.
 */
@QuarkusTest
@TestProfile(HostPrefixedCookiesTest.Https.class)
class HostPrefixedCookiesTest {
    public static class Https implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.sso.public-base-url", "https://sso.gatehouse.test");
        }
    }

    @Inject
    Sessions sessions;

    private String session(String email) {
        String account = "acct-" + Tokens.reference();
        return QuarkusTransaction.requiringNew()
                .call(() ->
                        sessions.create(account, email, email, null, Role.AGENT).rawId());
    }

    @Test
    void theSignInPageSetsAHostPrefixedSecureFormCookie() {
        Response page = given().get("/sso/login");
        String setCookie = String.join("\n", page.headers().getValues("Set-Cookie"));
        assertTrue(setCookie.startsWith("__Host-GH_FORM="), setCookie);
        assertTrue(
                setCookie.contains("Secure") && setCookie.contains("Path=/") && !setCookie.contains("Domain"),
                setCookie);
    }

    @Test
    void theHostPrefixedSessionCookieIsReadAndAPlainOneIsIgnored() {
        String real = session("real@example.test");
        String planted = session("planted@example.test");
        given().header("Cookie", "__Host-GH_SESSION=" + real)
                .get("/api/session")
                .then()
                .statusCode(200)
                .body("email", equalTo("real@example.test"));
        given().header("Cookie", "GH_SESSION=" + planted)
                .get("/api/session")
                .then()
                .statusCode(401);
        // both present (the planted one first, as a browser may send it): the __Host- one wins
        given().header("Cookie", "GH_SESSION=" + planted + "; __Host-GH_SESSION=" + real)
                .get("/api/session")
                .then()
                .statusCode(200)
                .body("email", equalTo("real@example.test"));
    }

    @Test
    void signOutClearsTheHostPrefixedCookies() {
        Response out = given().redirects()
                .follow(false)
                .header("Cookie", "__Host-GH_SESSION=" + session("o@example.test"))
                .post("/sso/logout");
        String setCookie = String.join("\n", out.headers().getValues("Set-Cookie"));
        assertTrue(
                setCookie.contains("__Host-GH_SESSION=")
                        && setCookie.contains("__Host-GH_PRESENCE=")
                        && setCookie.contains("Max-Age=0")
                        && !setCookie.contains("\nGH_SESSION="),
                setCookie);
    }
}
