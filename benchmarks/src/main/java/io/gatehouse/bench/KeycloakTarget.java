package io.gatehouse.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Keycloak as a login target: the OIDC client's authorization request (with {@code kc_idp_hint}, so Keycloak goes
 * straight to the driver-IdP) → Keycloak's redirects to the AuthnRequest → the driver's signed response POSTed to
 * the broker endpoint → Keycloak's redirects (first broker login for a new user) → the code at the client's
 * redirect URI → the client's code-for-token exchange. Each login is a fresh browser (its own cookie jar), so
 * Keycloak's own SSO session never short-cuts the IdP. Its server CPU is the Keycloak JVM and every PostgreSQL
 * process (Keycloak runs alone on that PostgreSQL while it is measured).
 */
final class KeycloakTarget implements LoginTarget {
    private final KeycloakServer kc;
    private final Saml.IdpKey key;
    private final String idpEntityId;
    private final String domain;
    private final int pgPort;

    KeycloakTarget(KeycloakServer kc, Saml.IdpKey key, String idpEntityId, String domain, int pgPort) {
        this.kc = kc;
        this.key = key;
        this.idpEntityId = idpEntityId;
        this.domain = domain;
        this.pgPort = pgPort;
    }

    @Override
    public String name() {
        return "Keycloak " + KeycloakServer.VERSION;
    }

    @Override
    public String domain() {
        return domain;
    }

    /** A browser's cookies for one host, and the time spent in its round trips. */
    private static final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();
        long nanos;

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            if (!cookies.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                cookies.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ")
                        .append(k)
                        .append('=')
                        .append(v));
                request.header("Cookie", sb.toString());
            }
            long t0 = System.nanoTime();
            HttpResponse<String> r = Http.CLIENT.send(
                    request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            nanos += System.nanoTime() - t0;
            for (String c : r.headers().allValues("set-cookie")) {
                int eq = c.indexOf('=');
                int end = c.indexOf(';') < 0 ? c.length() : c.indexOf(';');
                if (eq <= 0 || eq > end) {
                    continue;
                }
                String name = c.substring(0, eq).trim();
                String value = c.substring(eq + 1, end);
                String lower = c.toLowerCase(java.util.Locale.ROOT);
                if (value.isEmpty() || lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return r;
        }

        /** Follows Keycloak's redirects until one leaves it; returns that Location. */
        String follow(HttpResponse<String> r, String keycloak) throws Exception {
            for (int hops = 0; hops < 10; hops++) {
                int s = r.statusCode();
                if (s != 302 && s != 303) {
                    throw new IllegalStateException("Keycloak answered " + s + " at " + r.uri()
                            + " (a page where none was expected): " + title(r.body()));
                }
                String location = r.uri()
                        .resolve(r.headers().firstValue("location").orElseThrow())
                        .toString();
                if (!location.startsWith(keycloak)) {
                    return location;
                }
                r = send(HttpRequest.newBuilder(URI.create(location)).GET());
            }
            throw new IllegalStateException("more than 10 redirects inside Keycloak");
        }
    }

    @Override
    public Timing login(String email) throws Exception {
        Browser browser = new Browser();
        String realm = kc.realmUrl();
        String authorize = realm + "/protocol/openid-connect/auth?client_id=" + KeycloakServer.CLIENT_ID
                + "&redirect_uri=" + enc(KeycloakServer.REDIRECT_URI) + "&response_type=code&scope=openid&state="
                + UUID.randomUUID() + "&kc_idp_hint=" + KeycloakServer.IDP_ALIAS;
        String toIdp = browser.follow(
                browser.send(HttpRequest.newBuilder(URI.create(authorize)).GET()), kc.url());
        if (!toIdp.startsWith(KeycloakServer.IDP_SSO_URL)) {
            throw new IllegalStateException("Keycloak redirected to " + toIdp + " instead of the driver-IdP");
        }
        Map<String, String> query = Logins.query(URI.create(toIdp).getRawQuery());
        String requestId = Logins.authnRequestId(query.get("SAMLRequest"));
        String response = Saml.signedResponse(
                key,
                new Saml.Login(kc.brokerEndpoint(), kc.spEntityId(), idpEntityId, email, requestId),
                Instant.now());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("SAMLResponse", response);
        if (query.get("RelayState") != null) {
            form.put("RelayState", query.get("RelayState"));
        }
        long before = browser.nanos;
        HttpResponse<String> acs = browser.send(HttpRequest.newBuilder(URI.create(kc.brokerEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(form))));
        double acsMs = (browser.nanos - before) / 1e6;
        String back = browser.follow(acs, kc.url());
        if (!back.startsWith(KeycloakServer.REDIRECT_URI)) {
            throw new IllegalStateException("Keycloak redirected to " + back + " instead of the client");
        }
        String code = Logins.query(URI.create(back).getRawQuery()).get("code");
        if (code == null) {
            throw new IllegalStateException("no code in " + back);
        }
        HttpResponse<String> token =
                browser.send(HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(Http.form(Map.of(
                                "grant_type",
                                "authorization_code",
                                "code",
                                code,
                                "redirect_uri",
                                KeycloakServer.REDIRECT_URI,
                                "client_id",
                                KeycloakServer.CLIENT_ID)))));
        if (token.statusCode() != 200 || !token.body().contains("\"access_token\"")) {
            throw new IllegalStateException("token endpoint answered " + token.statusCode());
        }
        return new Timing(acsMs, browser.nanos / 1e6);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String title(String html) {
        if (html == null) {
            return "";
        }
        int a = html.indexOf("<title>");
        int b = html.indexOf("</title>");
        String t = a >= 0 && b > a ? html.substring(a + 7, b).trim() : html.substring(0, Math.min(200, html.length()));
        int e = html.indexOf("kc-feedback-text");
        if (e < 0) {
            e = html.indexOf("instruction");
        }
        return e >= 0
                ? t + " / "
                        + html.substring(e, Math.min(html.length(), e + 300)).replaceAll("\\s+", " ")
                : t;
    }

    @Override
    public Map<String, Long> cpuTicks() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("keycloak", io.gatehouse.testsupport.ProcessCpu.ticks(kc.pid(), false));
        m.put("postgres", io.gatehouse.testsupport.ProcessCpu.postgresTicks(pgPort));
        return m;
    }

    @Override
    public Map<String, Long> jvms() {
        return Map.of("keycloak", kc.pid());
    }

    @Override
    public void settle(int firstTimeLogins) {
        Http.sleep(1000); // the same tail as Gatehouse's (Keycloak's work is synchronous)
    }
}
