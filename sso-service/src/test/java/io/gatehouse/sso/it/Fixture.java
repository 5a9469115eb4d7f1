package io.gatehouse.sso.it;

import static io.restassured.RestAssured.given;

import io.gatehouse.events.AccountUpserted;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.Plan;
import io.gatehouse.sso.domain.AccountRepository;
import io.gatehouse.sso.saml.TestKeys;
import io.gatehouse.testsupport.KafkaTestClient;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.awaitility.Awaitility;

/** Shared steps of the HTTP-level tests: accounts via Kafka, domains via DNS, connections via the API. */
public final class Fixture {
    public static final String OPERATOR = "test-operator-token";
    public static final String IDP = "https://sso.jumpcloud.com/saml2/gatehouse";
    /** The login-CSRF cookie on plain http (the tests' public base URL). */
    public static final String LOGIN_COOKIE = "GH_LOGIN";

    private static KafkaTestClient kafka;

    private Fixture() {}

    public static synchronized KafkaTestClient kafka() {
        if (kafka == null) {
            kafka = new KafkaTestClient();
        }
        return kafka;
    }

    public static RequestSpecification operator() {
        return given().header("Authorization", "Bearer " + OPERATOR);
    }

    public static void publish(GatehouseEvent event) {
        kafka().publish(event);
    }

    /** Polls until the condition holds; fails the test when it does not within {@code max}. */
    public static void await(String what, Duration max, BooleanSupplier condition) {
        Awaitility.await(what).atMost(max).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
    }

    /** A new account announced by user-service with this plan, visible to sso-service. */
    public static String account(Plan plan) {
        String accountId = "acct-" + UUID.randomUUID().toString().substring(0, 8);
        publish(AccountUpserted.of(Instant.now(), accountId, "Test " + accountId, plan));
        await(
                "account " + accountId,
                Duration.ofSeconds(30),
                () -> QuarkusTransaction.requiringNew()
                        .call(() -> Arc.container()
                                        .instance(AccountRepository.class)
                                        .get()
                                        .findById(accountId)
                                != null));
        return accountId;
    }

    public static String domainFor(String accountId) {
        return accountId + ".example.test";
    }

    /** Adds and verifies {@code <accountId>.example.test} through the API and the test DNS server. */
    public static String verifiedDomain(String accountId) {
        String domain = domainFor(accountId);
        Response added = operator()
                .contentType(ContentType.JSON)
                .body(Map.of("domain", domain))
                .post("/api/accounts/{a}/domains", accountId);
        added.then().statusCode(201);
        String name = added.path("txtRecordName");
        String value = added.path("txtRecordValue");
        TestDnsServer.setTxt(name, value);
        operator()
                .post("/api/accounts/{a}/domains/{d}/verify", accountId, domain)
                .then()
                .statusCode(200);
        return domain;
    }

    public static Map<String, Object> connection(
            boolean enabled, String binding, boolean allowIdpInitiated, TestKeys... keys) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", enabled);
        body.put("idpEntityId", IDP);
        body.put("idpSsoUrl", "https://sso.jumpcloud.com/saml2/gatehouse");
        body.put("idpCertificatesPem", Arrays.stream(keys).map(TestKeys::pem).toList());
        body.put("defaultRole", "AGENT");
        body.put("allowIdpInitiated", allowIdpInitiated);
        body.put("clockSkewSeconds", 120);
        body.put("authnRequestBinding", binding);
        return body;
    }

    public static Response putConnection(String accountId, Map<String, Object> body) {
        return operator().contentType(ContentType.JSON).body(body).put("/api/accounts/{a}/sso", accountId);
    }

    /** A BUSINESS account with a verified domain and SSO enabled, trusting the given keys. */
    public static String readyAccount(String binding, boolean allowIdpInitiated, TestKeys... keys) {
        String accountId = account(Plan.BUSINESS);
        verifiedDomain(accountId);
        putConnection(accountId, connection(true, binding, allowIdpInitiated, keys))
                .then()
                .statusCode(200);
        return accountId;
    }

    public static Response postAcs(String accountId, String samlResponse, String relayState) {
        return postAcs(accountId, samlResponse, relayState, null);
    }

    /** The ACS POST as a browser holding {@code loginCookie} (the value of GH_LOGIN; null: none) sends it. */
    public static Response postAcs(String accountId, String samlResponse, String relayState, String loginCookie) {
        var request = given().redirects().follow(false).contentType(ContentType.URLENC.withCharset("UTF-8"));
        if (loginCookie != null) {
            request = request.cookie(LOGIN_COOKIE, loginCookie);
        }
        if (samlResponse != null) {
            request = request.formParam("SAMLResponse", samlResponse);
        }
        if (relayState != null) {
            request = request.formParam("RelayState", relayState);
        }
        return request.post("/saml/{a}/acs", accountId);
    }

    /** Outbox rows of an event type whose payload mentions {@code text} (written in the login transaction). */
    public static List<String> outbox(String eventType, String text) {
        try (Connection c = Arc.container().instance(DataSource.class).get().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT payload FROM gh_outbox WHERE event_type = ? AND payload LIKE ? ORDER BY id")) {
            ps.setString(1, eventType);
            ps.setString(2, "%" + text + "%");
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
