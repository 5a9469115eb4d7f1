package io.gatehouse.sso.it;

import static io.gatehouse.sso.it.Fixture.domainFor;
import static io.gatehouse.sso.it.Fixture.outbox;
import static io.gatehouse.sso.it.Fixture.postAcs;
import static io.gatehouse.sso.it.Fixture.readyAccount;
import static io.gatehouse.sso.it.SamlFlows.responseFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.LoginFailed;
import io.gatehouse.events.LoginFlow;
import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.Role;
import io.gatehouse.platform.outbox.Outbox;
import io.gatehouse.sso.domain.AuthnRequestRepository;
import io.gatehouse.sso.domain.ConsumeSamlResponse;
import io.gatehouse.sso.domain.LoginTransaction;
import io.gatehouse.sso.domain.PendingAuthnRequest;
import io.gatehouse.sso.domain.RelayState;
import io.gatehouse.sso.domain.RelayStateRepository;
import io.gatehouse.sso.domain.ResponseClaim;
import io.gatehouse.sso.domain.Sessions;
import io.gatehouse.sso.domain.Tokens;
import io.gatehouse.sso.saml.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The ACS's login transaction is one plain JDBC transaction (ADR 0027): no JTA transaction on a login, and its
 * steps still commit or roll back together.
 */
@QuarkusTest
class LoginTransactionTest {
    @Inject
    JtaTransactions jta;

    @Inject
    LoginTransaction transaction;

    @Inject
    AuthnRequestRepository requests;

    @Inject
    RelayStateRepository relays;

    @Inject
    ResponseClaim claims;

    @Inject
    Sessions sessions;

    @Inject
    Outbox outbox;

    @Inject
    DataSource dataSource;

    @Test
    void aLoginBeginsNoJtaTransactionAndCommitsItsSessionEventAndSingleUse() {
        String accountId = readyAccount("POST", false, TestKeys.idp());
        String email = "tx-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(accountId);
        Response start = SamlFlows.startLogin(email, "/app/settings");
        String xml =
                new String(java.util.Base64.getDecoder().decode(SamlFlows.hidden(start.asString(), "SAMLRequest")));
        String relay = SamlFlows.hidden(start.asString(), "RelayState");
        String samlResponse = responseFor(accountId, email)
                .inResponseTo(SamlFlows.requestId(xml))
                .base64();
        String browser = SamlFlows.loginCookie(start);
        jta.clear();

        Response acs = postAcs(accountId, samlResponse, relay, browser);

        acs.then().statusCode(303);
        assertTrue(acs.getHeader("Location").endsWith("/app/settings"), "the RelayState was taken");
        assertEquals(List.of(), jta.begunBy(ConsumeSamlResponse.class), "JTA transactions begun by the ACS");
        assertEquals(1, outbox(LoginSucceeded.TYPE, email).size());
        assertEquals(1, count("SELECT count(*) FROM sso_session WHERE email = ? AND ended_at IS NULL", email));
        // committed: the request and the assertion are used
        Response again = postAcs(accountId, samlResponse, relay, browser);
        again.then().statusCode(400);
        assertEquals(1, outbox(LoginSucceeded.TYPE, email).size());
    }

    @Test
    void aStepThatFailsRollsBackEveryStepBeforeIt() throws Exception {
        Stored stored = store("rollback");
        String assertionId = "_assert-" + UUID.randomUUID();
        LoginSucceeded event = LoginSucceeded.of(
                stored.now(),
                stored.account(),
                stored.email(),
                stored.email(),
                "Ada",
                "Lovelace",
                "https://idp.test",
                LoginFlow.SP_INITIATED,
                Role.AGENT);

        IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> transaction.run(c -> {
                    ResponseClaim.Claim claim = claims.claim(
                            c,
                            stored.account(),
                            stored.requestId(),
                            "https://idp.test",
                            assertionId,
                            stored.now().plusSeconds(300),
                            stored.email(),
                            stored.now());
                    assertTrue(claim.consumed()
                            && claim.remembered()
                            && !claim.user().revoked());
                    sessions.create(c, stored.account(), stored.email(), stored.email(), null, Role.AGENT);
                    assertEquals(
                            Optional.of("/app"), relays.take(c, stored.relayKey(), stored.account(), stored.now()));
                    write(c, event);
                    throw new IllegalStateException("the last step fails");
                }));

        assertEquals("the last step fails", thrown.getMessage());
        assertFalse(requests.pending(stored.requestId()).orElseThrow().consumed(), "the AuthnRequest is unused");
        assertEquals(0, count("SELECT count(*) FROM sso_replay WHERE assertion_id = ?", assertionId));
        assertEquals(0, count("SELECT count(*) FROM sso_session WHERE email = ?", stored.email()));
        assertEquals(0, count("SELECT count(*) FROM gh_outbox WHERE event_id = ?", event.eventId()));
        try (Connection c = dataSource.getConnection()) {
            assertEquals(
                    Optional.of("/app"),
                    relays.take(c, stored.relayKey(), stored.account(), stored.now()),
                    "RelayState kept");
        }
    }

    @Test
    void theStepsCommitTogetherAndTheConnectionGoesBackToThePoolInAutoCommit() throws Exception {
        Stored stored = store("commit");
        LoginFailed first =
                LoginFailed.of(stored.now(), stored.account(), stored.email(), "replay", "Replay", Tokens.reference());
        LoginFailed second =
                LoginFailed.of(stored.now(), stored.account(), stored.email(), "replay", "Replay", Tokens.reference());

        transaction.run(c -> {
            claims.claim(
                    c,
                    stored.account(),
                    stored.requestId(),
                    "https://idp.test",
                    "_assert-" + UUID.randomUUID(),
                    stored.now().plusSeconds(300),
                    stored.email(),
                    stored.now());
            sessions.create(c, stored.account(), stored.email(), stored.email(), null, Role.AGENT);
            write(c, first, second);
            return null;
        });

        assertTrue(requests.pending(stored.requestId()).orElseThrow().consumed());
        assertEquals(1, count("SELECT count(*) FROM sso_session WHERE email = ?", stored.email()));
        assertEquals(2, outbox(LoginFailed.TYPE, stored.email()).size(), "both events, in one batch");
        for (int i = 0; i < 20; i++) {
            try (Connection c = dataSource.getConnection()) {
                assertTrue(c.getAutoCommit(), "a pooled connection was left outside auto-commit");
            }
        }
    }

    /** A pending AuthnRequest with its RelayState ("/app"), valid for 5 minutes, in a new account. */
    private record Stored(String account, String email, Instant now, String requestId, String relayKey) {}

    private Stored store(String user) {
        String account = "acct-" + Tokens.reference();
        Instant now = Instant.now();
        Instant expires = now.plus(Duration.ofMinutes(5));
        RelayState relay = RelayState.create(Tokens.random(24), account, "/app", now, expires);
        PendingAuthnRequest request =
                PendingAuthnRequest.create(Tokens.samlId(), account, relay.relayKey(), null, null, now, expires);
        requests.create(request, relay);
        return new Stored(account, user + "@" + account + ".test", now, request.id(), relay.relayKey());
    }

    private void write(Connection c, GatehouseEvent... events) {
        try {
            outbox.write(c, List.of(events));
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private int count(String sql, Object value) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
