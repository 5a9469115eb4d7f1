package io.gatehouse.sso.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.Test;

/**
 * The abuse limits over HTTP with low limits: login start and the ACS answer 429 with the HTML page, the console
 * API and the admin API with problem+json, always with {@code Retry-After}. The profile trusts one proxy hop so each
 * test speaks from its own {@code X-Forwarded-For} address.
 */
@QuarkusTest
@TestProfile(AbuseLimitsTest.LowLimits.class)
class AbuseLimitsTest {
    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gatehouse.abuse-limits.trusted-proxy-hops", "1",
                    "gatehouse.abuse-limits.acs.per-address", "5",
                    "gatehouse.abuse-limits.acs.per-account", "8",
                    "gatehouse.abuse-limits.login.per-address", "4",
                    "gatehouse.abuse-limits.login.per-account", "6",
                    "gatehouse.abuse-limits.console-api.per-address", "3",
                    "gatehouse.abuse-limits.admin-api.per-address", "3");
        }
    }

    private static RequestSpecification from(String address) {
        return given().redirects().follow(false).header("X-Forwarded-For", address);
    }

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /** A client address no other request of the test run used. */
    private static String address() {
        int n = ADDRESSES.incrementAndGet();
        return "10.77." + (n / 250) + "." + (1 + n % 250);
    }

    private static Response acs(String address, String account) {
        return from(address)
                .contentType(ContentType.URLENC)
                .formParam("SAMLResponse", "junk")
                .post("/saml/{a}/acs", account);
    }

    /** The sign-in form posted as a browser posts it from the page itself (same-origin, see SameOriginForms). */
    private static Response login(String address, String email) {
        return from(address)
                .header("Sec-Fetch-Site", "same-origin")
                .contentType(ContentType.URLENC)
                .formParam("email", email)
                .post("/sso/login");
    }

    /** Retry-After in whole seconds: at most one refill interval (the real clock moved a little since the burst). */
    private static Matcher<String> seconds(int atMost) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(String value) {
                return value.matches("[0-9]{1,3}") && Integer.parseInt(value) >= 1 && Integer.parseInt(value) <= atMost;
            }

            @Override
            public void describeTo(Description d) {
                d.appendText("whole seconds from 1 to " + atMost);
            }
        };
    }

    private static void assertHtml429(Response r, int retryAfter) {
        r.then()
                .statusCode(429)
                .contentType(startsWith("text/html"))
                .header("Retry-After", seconds(retryAfter))
                .header("Cache-Control", "no-store")
                .body(containsString("Too many sign-in attempts"));
    }

    @Test
    void acsWhenAddressOverLimitThen429HtmlPageWithRetryAfter() {
        String address = address();
        String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            assertNotEquals(429, acs(address, account).statusCode(), "request " + i);
        }
        assertHtml429(acs(address, account), 12);
        assertNotEquals(429, acs(address(), account).statusCode(), "another address of the same account passes");
    }

    @Test
    void acsWhenAccountOverLimitFromManyAddressesThen429AndOtherAccountsUnaffected() {
        String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 8; i++) {
            assertNotEquals(429, acs(address(), account).statusCode(), "request " + i);
        }
        Response refused = acs(address(), account);
        refused.then().statusCode(429).header("Retry-After", seconds(8)); // 8 a minute: one every 7.5 s
        assertNotEquals(
                429,
                acs(address(), "acct-other-" + UUID.randomUUID().toString().substring(0, 8))
                        .statusCode());
    }

    @Test
    void loginStartWhenAddressOverLimitThen429HtmlPage() {
        String address = address();
        for (int i = 0; i < 4; i++) {
            assertNotEquals(
                    429,
                    login(address, "u" + i + "@" + UUID.randomUUID() + ".test").statusCode());
        }
        assertHtml429(login(address, "someone@example.test"), 15);
        assertTrue(given().get("/sso/login").statusCode() == 200, "the form page itself stays reachable");
    }

    @Test
    void loginStartWhenEmailDomainOverLimitFromManyAddressesThen429() {
        String domain = UUID.randomUUID().toString().substring(0, 8) + ".example.test";
        for (int i = 0; i < 6; i++) {
            assertNotEquals(429, login(address(), "u" + i + "@" + domain).statusCode(), "request " + i);
        }
        assertHtml429(login(address(), "late@" + domain.toUpperCase()), 10);
    }

    @Test
    void consoleApiWhenAddressOverLimitThen429ProblemJson() {
        String address = address();
        for (int i = 0; i < 3; i++) {
            assertNotEquals(
                    429,
                    from(address).get("/console/api/users/accounts/acme/users").statusCode());
        }
        from(address)
                .get("/console/api/users/accounts/acme/users")
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", seconds(20))
                .body("code", equalTo("rate_limited"))
                .body("status", equalTo(429));
    }

    @Test
    void adminApiWhenAddressOverLimitThen429ProblemJson() {
        String address = address();
        for (int i = 0; i < 3; i++) {
            assertNotEquals(
                    429,
                    from(address)
                            .header("Authorization", "Bearer " + Fixture.OPERATOR)
                            .get("/api/accounts/acme/sso")
                            .statusCode());
        }
        from(address)
                .header("Authorization", "Bearer " + Fixture.OPERATOR)
                .get("/api/accounts/acme/sso")
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", seconds(20))
                .body("code", equalTo("rate_limited"));
    }
}
