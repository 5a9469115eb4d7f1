package io.gatehouse.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;

/** The browser side of a login, driven over HTTP: ACS posts, SP-initiated round trips, the session check. */
final class Logins {
    private static final Pattern ID = Pattern.compile("\\sID=\"([^\"]+)\"");

    private Logins() {}

    /** Posts a SAMLResponse to the ACS; returns the session cookie ("GH_SESSION=…") or throws with the status. */
    static String postAcs(String ssoUrl, String account, String samlResponse, String relayState) throws Exception {
        return postAcs(ssoUrl, account, samlResponse, relayState, null);
    }

    /** As above, with the browser's login cookie ("GH_LOGIN=…", null: none) that binds an SP-initiated request. */
    static String postAcs(String ssoUrl, String account, String samlResponse, String relayState, String loginCookie)
            throws Exception {
        Map<String, String> form = new HashMap<>();
        form.put("SAMLResponse", samlResponse);
        if (relayState != null) {
            form.put("RelayState", relayState);
        }
        HttpRequest post = Http.formPost(ssoUrl + "/saml/" + account + "/acs", form);
        if (loginCookie != null) {
            post = HttpRequest.newBuilder(post, (name, value) -> true)
                    .header("Cookie", loginCookie)
                    .build();
        }
        HttpResponse<Void> r = Http.CLIENT.send(post, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 303) {
            throw new IllegalStateException("ACS answered " + r.statusCode());
        }
        for (String c : r.headers().allValues("set-cookie")) {
            if (c.startsWith("GH_SESSION=")) {
                return c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
            }
        }
        throw new IllegalStateException("ACS answered 303 without a session cookie");
    }

    static int session(String ssoUrl, String cookie) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(ssoUrl + "/api/session"))
                .timeout(Duration.ofSeconds(30))
                .header("Cookie", cookie)
                .GET()
                .build();
        return Http.CLIENT.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** IdP-initiated login of {@code email}, signed by the driver. */
    static String idpInitiated(BenchStack stack, Saml.IdpKey key, String account, String email) throws Exception {
        String r = Saml.signedResponse(
                key,
                Saml.Login.gatehouse(stack.sso().url(), account, Accounts.idpEntityId(account), email, null),
                Instant.now());
        return postAcs(stack.sso().url(), account, r, null);
    }

    /**
     * A complete SP-initiated login: {@code POST /sso/login} → the AuthnRequest from the redirect → a response
     * signed by the driver with InResponseTo → ACS → {@code GET /api/session} 200. Returns the ACS round trip and
     * the sum of the three round trips (the driver's signing is not counted: it is the IdP's time, not the SP's).
     */
    static LoginTarget.Timing spInitiated(BenchStack stack, Saml.IdpKey key, String account, String email)
            throws Exception {
        String sso = stack.sso().url();
        // as the sign-in page's own form: a cross-site POST /sso/login is refused (login CSRF)
        HttpRequest form = HttpRequest.newBuilder(
                        Http.formPost(sso + "/sso/login", Map.of("email", email)), (name, value) -> true)
                .header("Sec-Fetch-Site", "same-origin")
                .build();
        long t0 = System.nanoTime();
        HttpResponse<Void> start = Http.CLIENT.send(form, HttpResponse.BodyHandlers.discarding());
        long startNanos = System.nanoTime() - t0;
        if (start.statusCode() != 302 && start.statusCode() != 303) {
            throw new IllegalStateException("/sso/login answered " + start.statusCode());
        }
        String location = start.headers().firstValue("location").orElseThrow();
        Map<String, String> query = query(URI.create(location).getRawQuery());
        String requestId = authnRequestId(query.get("SAMLRequest"));
        String response = Saml.signedResponse(
                key,
                Saml.Login.gatehouse(sso, account, Accounts.idpEntityId(account), email, requestId),
                Instant.now());
        String loginCookie = start.headers().allValues("set-cookie").stream()
                .filter(c -> c.startsWith("GH_LOGIN="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst()
                .orElse(null);
        long t1 = System.nanoTime();
        String cookie = postAcs(sso, account, response, query.get("RelayState"), loginCookie);
        long t2 = System.nanoTime();
        int s = session(sso, cookie);
        long t3 = System.nanoTime();
        if (s != 200) {
            throw new IllegalStateException("/api/session answered " + s);
        }
        return new LoginTarget.Timing((t2 - t1) / 1e6, (startNanos + t3 - t1) / 1e6);
    }

    /** The ID of a Redirect-binding AuthnRequest (the SAMLRequest query value: base64 of raw DEFLATE). */
    static String authnRequestId(String samlRequest) throws Exception {
        if (samlRequest == null) {
            throw new IllegalStateException("no SAMLRequest in the redirect");
        }
        String request = inflate(Base64.getDecoder().decode(samlRequest));
        Matcher m = ID.matcher(request);
        if (!m.find()) {
            throw new IllegalStateException("AuthnRequest without ID");
        }
        return m.group(1);
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(
                        URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static String inflate(byte[] deflated) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!inflater.finished()) {
            int n = inflater.inflate(buf);
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                break;
            }
            out.write(buf, 0, n);
            if (out.size() > 100_000) {
                throw new IllegalStateException("AuthnRequest too large");
            }
        }
        inflater.end();
        return out.toString(StandardCharsets.UTF_8);
    }
}
