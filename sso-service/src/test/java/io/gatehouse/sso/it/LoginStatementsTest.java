package io.gatehouse.sso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.Role;
import io.gatehouse.sso.domain.AuthnRequestRepository;
import io.gatehouse.sso.domain.PendingAuthnRequest;
import io.gatehouse.sso.domain.RelayState;
import io.gatehouse.sso.domain.RelayStateRepository;
import io.gatehouse.sso.domain.Session;
import io.gatehouse.sso.domain.SessionRepository;
import io.gatehouse.sso.domain.Sessions;
import io.gatehouse.sso.domain.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The login path's plain JDBC statements (ADR 7) against the real schema: single use, guards, no lost updates. */
@QuarkusTest
class LoginStatementsTest {
    @Inject
    Sessions sessions;

    @Inject
    SessionRepository sessionRows;

    @Inject
    AuthnRequestRepository requests;

    @Inject
    RelayStateRepository relays;

    @Test
    void resolveWhenSessionEndedMeanwhileThenNoSessionAndTheEndStays() {
        String account = "acct-" + Tokens.reference();
        String email = "ended@" + account + ".test";
        String raw = QuarkusTransaction.requiringNew()
                .call(() ->
                        sessions.create(account, email, email, null, Role.AGENT).rawId());
        assertTrue(sessions.resolve(raw).isPresent());
        QuarkusTransaction.requiringNew()
                .run(() -> sessionRows.endForUser(account, "nobody", email, "user_revoked", Instant.now()));

        assertTrue(sessions.resolve(raw).isEmpty());
        Session row = QuarkusTransaction.requiringNew().call(() -> sessionRows.findById(Tokens.sha256(raw)));
        assertEquals("user_revoked", row.endedReason());
    }

    @Test
    void resolveTouchesTheIdleTimeoutButNotBeyondTheAbsoluteOne() {
        String account = "acct-" + Tokens.reference();
        String email = "touch@" + account + ".test";
        String raw = QuarkusTransaction.requiringNew()
                .call(() ->
                        sessions.create(account, email, email, null, Role.AGENT).rawId());
        Session resolved = sessions.resolve(raw).orElseThrow();
        Session row = QuarkusTransaction.requiringNew().call(() -> sessionRows.findById(Tokens.sha256(raw)));

        assertEquals(
                resolved.idleExpiresAt().truncatedTo(ChronoUnit.MILLIS),
                row.idleExpiresAt().truncatedTo(ChronoUnit.MILLIS));
        assertFalse(row.idleExpiresAt().isAfter(row.absoluteExpiresAt()));
        assertEquals(Role.AGENT, resolved.role());
    }

    @Test
    void takeRelayStateOnlyOnceOnlyForItsAccountAndOnlyBeforeItExpires() {
        String account = "acct-" + Tokens.reference();
        Instant now = Instant.now();
        String key = store(account, now, "/console/users");

        assertEquals(Optional.empty(), relays.take(key, "another-account", now));
        assertEquals(Optional.empty(), relays.take(key, account, now.plus(Duration.ofMinutes(6))));
        assertEquals(Optional.of("/console/users"), relays.take(key, account, now));
        assertEquals(Optional.empty(), relays.take(key, account, now));
    }

    @Test
    void consumeAuthnRequestOnlyOnceOnlyForItsAccountAndOnlyBeforeItExpires() {
        String account = "acct-" + Tokens.reference();
        Instant now = Instant.now();
        store(account, now, "/app");
        String id = lastRequestId;
        var pending = requests.pending(id).orElseThrow();
        assertEquals(account, pending.accountId());
        assertFalse(pending.consumed());

        assertFalse(QuarkusTransaction.requiringNew().call(() -> requests.consume(id, "another-account", now)));
        assertFalse(QuarkusTransaction.requiringNew()
                .call(() -> requests.consume(id, account, now.plus(Duration.ofMinutes(6)))));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> requests.consume(id, account, now)));
        assertFalse(QuarkusTransaction.requiringNew().call(() -> requests.consume(id, account, now)));
        assertTrue(requests.pending(id).orElseThrow().consumed());
    }

    private String lastRequestId;

    /** An AuthnRequest with its RelayState, valid for 5 minutes from {@code now}. */
    private String store(String account, Instant now, String returnPath) {
        Instant expires = now.plus(Duration.ofMinutes(5));
        RelayState relay = RelayState.create(Tokens.random(24), account, returnPath, now, expires);
        PendingAuthnRequest request =
                PendingAuthnRequest.create(Tokens.samlId(), account, relay.relayKey(), null, null, now, expires);
        requests.create(request, relay);
        lastRequestId = request.id();
        return relay.relayKey();
    }
}
