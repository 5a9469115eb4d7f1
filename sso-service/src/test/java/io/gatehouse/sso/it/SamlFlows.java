package io.gatehouse.sso.it;

import static io.restassured.RestAssured.given;

import io.gatehouse.sso.saml.TestSamlResponses;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;

/** Browser-side steps of the SAML flows, as the IdP and the browser would perform them. */
final class SamlFlows {
    private static final Pattern ID = Pattern.compile("\\bID=\"([^\"]+)\"");

    private SamlFlows() {}

    /** A response for the account's ACS, issued now, for this email. */
    static TestSamlResponses.Builder responseFor(String accountId, String email) {
        return TestSamlResponses.response()
                .now(Instant.now())
                .account(accountId)
                .nameId(email)
                .email(email);
    }

    static Response startLogin(String email, String returnTo) {
        return startLogin(email, returnTo, null);
    }

    /**
     * "Sign in with SSO" from a browser that already holds {@code loginCookie} (null: a fresh browser), posted from
     * the sign-in page itself ({@code Sec-Fetch-Site: same-origin}, as a browser sends it).
     */
    static Response startLogin(String email, String returnTo, String loginCookie) {
        var request = given().redirects()
                .follow(false)
                .contentType(ContentType.URLENC)
                .header("Sec-Fetch-Site", "same-origin")
                .formParam("email", email);
        if (loginCookie != null) {
            request = request.cookie(Fixture.LOGIN_COOKIE, loginCookie);
        }
        if (returnTo != null) {
            request = request.formParam("returnTo", returnTo);
        }
        return request.post("/sso/login");
    }

    /** The login cookie set by a start of SP-initiated login. */
    static String loginCookie(Response start) {
        String cookie = start.getCookie(Fixture.LOGIN_COOKIE);
        if (cookie == null || cookie.isEmpty()) {
            throw new AssertionError("no " + Fixture.LOGIN_COOKIE + " cookie from /sso/login");
        }
        return cookie;
    }

    /** The AuthnRequest ID of a start answered with the HTTP-Redirect binding. */
    static String redirectRequestId(Response start) {
        return requestId(inflate(query(start.getHeader("Location"), "SAMLRequest")));
    }

    /** The query parameter of a redirect URL, URL-decoded. */
    static String query(String url, String name) {
        for (String part : url.substring(url.indexOf('?') + 1).split("&")) {
            if (part.startsWith(name + "=")) {
                return URLDecoder.decode(part.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** HTTP-Redirect binding decoding: base64 then raw INFLATE (bounded). */
    static String inflate(String base64) {
        try {
            Inflater inflater = new Inflater(true);
            inflater.setInput(Base64.getDecoder().decode(base64));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!inflater.finished() && out.size() < 100_000) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsInput()) {
                    break;
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String requestId(String authnRequestXml) {
        Matcher m = ID.matcher(authnRequestXml);
        if (!m.find()) {
            throw new AssertionError("no ID in " + authnRequestXml);
        }
        return m.group(1);
    }

    /** The value of a hidden input in an auto-submitting form. */
    static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + html);
        }
        return m.group(1)
                .replace("&#43;", "+")
                .replace("&#x2B;", "+")
                .replace("&#61;", "=")
                .replace("&#x3D;", "=")
                .replace("&#47;", "/")
                .replace("&#x2F;", "/");
    }
}
