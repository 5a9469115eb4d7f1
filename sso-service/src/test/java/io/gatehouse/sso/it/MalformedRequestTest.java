package io.gatehouse.sso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testsupport.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15 point 7: every HTML and API entry point of sso-service answers a malformed request (invalid
 * percent-encoding, bytes that are not UTF-8, an unknown charset, a duplicated form field) with a 4xx, never a
 * 500: the HTML error page on browser endpoints, problem+json on the API.
 */
@QuarkusTest
class MalformedRequestTest {
    private static final String FORM = "application/x-www-form-urlencoded";

    /** What the 4xx must look like: the HTML refusal page, problem+json, or (HTTP layer, before the app) any. */
    enum Kind {
        HTML,
        PROBLEM,
        ANY
    }

    record Row(String name, String method, String path, String contentType, byte[] body, int status, Kind kind) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Row form(String name, String path, String body, int status) {
        return new Row(name, "POST", path, FORM, body.getBytes(StandardCharsets.ISO_8859_1), status, Kind.HTML);
    }

    private static Row json(String name, String method, String path, byte[] body, int status) {
        return new Row(name, method, path, "application/json", body, status, Kind.PROBLEM);
    }

    static Stream<Row> rows() {
        byte[] notUtf8 = {'{', '"', 'd', 'o', 'm', 'a', 'i', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        return Stream.of(
                form("acs: invalid percent-encoding", "/saml/acct-x/acs", "SAMLResponse=%zz", 400),
                form("acs: truncated percent-encoding", "/saml/acct-x/acs", "SAMLResponse=abc%E", 400),
                form("acs: percent-encoded bytes that are not UTF-8", "/saml/acct-x/acs", "SAMLResponse=%C3%28", 400),
                form(
                        "acs: invalid percent-encoding in RelayState",
                        "/saml/acct-x/acs",
                        "SAMLResponse=PHg%2B&RelayState=%%",
                        400),
                form(
                        "acs: two SAMLResponse fields",
                        "/saml/acct-x/acs",
                        "SAMLResponse=PHg%2B&SAMLResponse=PHk%2B",
                        400),
                form(
                        "acs: two RelayState fields",
                        "/saml/acct-x/acs",
                        "SAMLResponse=PHg%2B&RelayState=a&RelayState=b",
                        400),
                new Row(
                        "acs: unknown charset",
                        "POST",
                        "/saml/acct-x/acs",
                        FORM + "; charset=x-bogus",
                        "SAMLResponse=PHg%2B".getBytes(StandardCharsets.US_ASCII),
                        400,
                        Kind.HTML),
                new Row(
                        "acs: unreadable Content-Type",
                        "POST",
                        "/saml/acct-x/acs",
                        FORM + "; charset=\"",
                        "SAMLResponse=PHg%2B".getBytes(StandardCharsets.US_ASCII),
                        400,
                        Kind.HTML),
                form("login: invalid percent-encoding", "/sso/login", "email=%zz", 400),
                form("login: two email fields", "/sso/login", "email=a%40a.test&email=b%40b.test", 400),
                form("login: two returnTo fields", "/sso/login", "email=a%40a.test&returnTo=/app&returnTo=/x", 400),
                form("switch: invalid percent-encoding", "/sso/switch", "token=%zz&decision=continue", 400),
                form("switch: two decision fields", "/sso/switch", "token=a&decision=cancel&decision=continue", 400),
                form("switch: two token fields", "/sso/switch", "token=a&token=b&decision=continue", 400),
                // refused by the HTTP layer while it splits the query, before the application (an empty 400)
                new Row(
                        "login page: invalid percent-encoding in the query",
                        "GET",
                        "/sso/login?returnTo=%zz",
                        null,
                        null,
                        400,
                        Kind.ANY),
                json("api: JSON that is not UTF-8", "POST", "/api/accounts/acct-x/domains", notUtf8, 400),
                new Row(
                        "api: unknown charset",
                        "POST",
                        "/api/accounts/acct-x/domains",
                        "application/json; charset=x-bogus",
                        "{\"domain\":\"a.test\"}".getBytes(StandardCharsets.US_ASCII),
                        400,
                        Kind.PROBLEM),
                new Row(
                        "console api: invalid percent-encoding in a form body",
                        "POST",
                        "/console/api/sso/accounts/acct-x/domains",
                        FORM,
                        "domain=%zz".getBytes(StandardCharsets.US_ASCII),
                        403,
                        Kind.PROBLEM),
                // the HTTP layer refuses a path it cannot decode before the application sees it (empty 400)
                new Row(
                        "api: invalid percent-encoding in the path",
                        "GET",
                        "/api/accounts/acct%zz/sso",
                        null,
                        null,
                        400,
                        Kind.ANY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void malformedRequestGetsA4xx(Row row) throws IOException {
        RawHttp.Answer response = send(row);
        assertEquals(row.status(), response.status(), () -> row + ": " + response.body());
        if (row.kind() == Kind.HTML) {
            assertTrue(response.contentType().startsWith("text/html"), () -> row + ": " + response.contentType());
            assertTrue(response.body().contains("id=\"reference\""), () -> row + ": " + response.body());
            // the malformed-request page, not the ACS's refusal of a response it could read (which also has a
            // reference)
            assertTrue(response.body().contains("Malformed request"), () -> row + ": " + response.body());
        } else if (row.kind() == Kind.PROBLEM) {
            assertTrue(
                    response.contentType().startsWith("application/problem+json"),
                    () -> row + ": " + response.contentType());
        }
        assertFalse(response.body().contains("Exception"), row::toString);
    }

    private static RawHttp.Answer send(Row row) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "text/html, application/json");
        headers.put("Authorization", "Bearer " + Fixture.OPERATOR);
        if (row.contentType() != null) {
            headers.put("Content-Type", row.contentType());
        }
        return RawHttp.send(RestAssured.port, row.method(), row.path(), headers, row.body());
    }
}
