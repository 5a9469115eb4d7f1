package io.gatehouse.sso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.Role;
import io.gatehouse.sso.domain.AuthnRequestRepository;
import io.gatehouse.sso.domain.PendingAuthnRequest;
import io.gatehouse.sso.domain.RelayState;
import io.gatehouse.sso.domain.RelayStateRepository;
import io.gatehouse.sso.domain.ResponseClaim;
import io.gatehouse.sso.domain.Session;
import io.gatehouse.sso.domain.SessionRepository;
import io.gatehouse.sso.domain.Sessions;
import io.gatehouse.sso.domain.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import javax.sql.DataSource;
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

    @Inject
    ResponseClaim claims;

    @Inject
    DataSource dataSource;

    @Test
    void resolveWhenSessionEndedMeanwhileThenNoSessionAndTheEndStays() {
        String account = "acct-" + Tokens.reference();
        String email = "ended@" + account + ".test";
        String raw = newSession(account, email);
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
        String raw = newSession(account, email);
        Session resolved = sessions.resolve(raw).orElseThrow();
        Session row = QuarkusTransaction.requiringNew().call(() -> sessionRows.findById(Tokens.sha256(raw)));

        assertEquals(
                resolved.idleExpiresAt().truncatedTo(ChronoUnit.MILLIS),
                row.idleExpiresAt().truncatedTo(ChronoUnit.MILLIS));
        assertFalse(row.idleExpiresAt().isAfter(row.absoluteExpiresAt()));
        assertEquals(Role.AGENT, resolved.role());
    }

    @Test
    void aSessionSeenWithinTheTouchIntervalIsNotWrittenAgainButOnceItIsDueItIs() throws Exception {
        String account = "acct-" + Tokens.reference();
        String email = "seen@" + account + ".test";
        String raw = newSession(account, email);
        Session created = row(raw);

        Session resolved = sessions.resolve(raw).orElseThrow();
        Session unchanged = row(raw);
        assertEquals(created.lastSeenAt(), unchanged.lastSeenAt(), "a request just after the last touch wrote it");
        assertEquals(created.idleExpiresAt(), unchanged.idleExpiresAt());
        assertEquals(unchanged.idleExpiresAt(), resolved.idleExpiresAt(), "the session carries the stored expiry");

        // last written two minutes ago (more than a minute, the interval at the 30-minute idle timeout)
        Instant twoMinutesAgo = Instant.now().minus(Duration.ofMinutes(2));
        sql(
                "UPDATE sso_session SET last_seen_at = ?, idle_expires_at = ? WHERE id_hash = ?",
                twoMinutesAgo,
                twoMinutesAgo.plus(Duration.ofMinutes(30)),
                Tokens.sha256(raw));
        Instant before = Instant.now();
        Session touched = sessions.resolve(raw).orElseThrow();
        Session written = row(raw);
        assertFalse(written.lastSeenAt().isBefore(before.truncatedTo(ChronoUnit.MILLIS)), "a due touch is written");
        assertEquals(
                touched.idleExpiresAt().truncatedTo(ChronoUnit.MILLIS),
                written.idleExpiresAt().truncatedTo(ChronoUnit.MILLIS));
        assertTrue(written.idleExpiresAt().isAfter(before.plus(Duration.ofMinutes(29))));
    }

    @Test
    void aChangedUserIsWrittenToTheSessionEvenWithinTheTouchInterval() throws Exception {
        String account = "acct-" + Tokens.reference();
        String email = "changed@" + account + ".test";
        String raw = newSession(account, email);
        sql(
                "INSERT INTO sso_user (account_id, user_id, email, role, revoked, updated_at) VALUES (?, ?, ?, ?, false, ?)",
                account,
                "u-1",
                email,
                "ADMIN",
                Instant.now());

        Session resolved = sessions.resolve(raw).orElseThrow();
        Session written = row(raw);

        assertEquals("u-1", resolved.userId());
        assertEquals("u-1", written.userId(), "the user user-service announced is stored on the session");
        assertEquals(Role.ADMIN, written.role());
    }

    private String newSession(String account, String email) {
        return QuarkusTransaction.requiringNew()
                .call(() ->
                        sessions.create(account, email, email, null, Role.AGENT).rawId());
    }

    private Session row(String raw) {
        return QuarkusTransaction.requiringNew().call(() -> sessionRows.findById(Tokens.sha256(raw)));
    }

    private void sql(String statement, Object... values) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                ps.setObject(i + 1, v instanceof Instant at ? OffsetDateTime.ofInstant(at, ZoneOffset.UTC) : v);
            }
            ps.executeUpdate();
        }
    }

    @Test
    void takeRelayStateOnlyOnceOnlyForItsAccountAndOnlyBeforeItExpires() throws Exception {
        String account = "acct-" + Tokens.reference();
        Instant now = Instant.now();
        String key = store(account, now, "/console/users");

        try (Connection c = dataSource.getConnection()) {
            assertEquals(Optional.empty(), relays.take(c, key, "another-account", now));
            assertEquals(Optional.empty(), relays.take(c, key, account, now.plus(Duration.ofMinutes(6))));
            assertEquals(Optional.of("/console/users"), relays.take(c, key, account, now));
            assertEquals(Optional.empty(), relays.take(c, key, account, now));
        }
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

    @Test
    void aClaimUsesTheRequestOnceOnlyForItsAccountAndRemembersTheAssertionOnce() throws Exception {
        String account = "acct-" + Tokens.reference();
        Instant now = Instant.now();
        store(account, now, "/app");
        String id = lastRequestId;
        String email = "claim@" + account + ".test";

        try (Connection c = dataSource.getConnection()) {
            ResponseClaim.Claim otherAccount = claim(c, "another-account", id, "_a1", email, now);
            assertFalse(otherAccount.consumed(), "another account's request");
            assertTrue(otherAccount.remembered());
            ResponseClaim.Claim expired = claim(c, account, id, "_a2", email, now.plus(Duration.ofMinutes(6)));
            assertFalse(expired.consumed(), "an expired request");
            ResponseClaim.Claim first = claim(c, account, id, "_a3", email, now);
            assertTrue(first.consumed());
            assertTrue(first.remembered());
            assertEquals(Optional.empty(), first.user().latest(), "no user announced yet");
            assertFalse(first.user().revoked());
            ResponseClaim.Claim again = claim(c, account, id, "_a3", email, now);
            assertFalse(again.consumed(), "the request was used");
            assertFalse(again.remembered(), "the assertion was seen");
            ResponseClaim.Claim idpInitiated = claim(c, account, null, "_a4", email, now);
            assertFalse(idpInitiated.consumed(), "no request named");
            assertTrue(idpInitiated.remembered());
        }
        assertTrue(requests.pending(id).orElseThrow().consumed());
    }

    @Test
    void aClaimReadsTheNewestUserOfTheEmailAndARevocationOfAnyOfThem() throws Exception {
        String account = "acct-" + Tokens.reference();
        String email = "users@" + account + ".test";
        Instant now = Instant.now();
        String user =
                "INSERT INTO sso_user (account_id, user_id, email, role, revoked, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
        sql(user, account, "u-old", email, "AGENT", true, now.minusSeconds(60));
        sql(user, account, "u-new", email, "ADMIN", false, now);
        sql(user, account, "u-other", "other@" + account + ".test", "AGENT", false, now.plusSeconds(5));

        try (Connection c = dataSource.getConnection()) {
            ResponseClaim.Claim claim = claim(c, account, null, "_u1", email, now);
            assertTrue(claim.user().revoked(), "one of the email's users is revoked");
            assertEquals("u-new", claim.user().latest().orElseThrow().key().userId());
            assertEquals(Role.ADMIN, claim.user().latest().orElseThrow().role());
            ResponseClaim.Claim other = claim(c, "another-account", null, "_u2", email, now);
            assertEquals(Optional.empty(), other.user().latest(), "never across accounts");
        }
    }

    private ResponseClaim.Claim claim(
            Connection c, String account, String requestId, String assertionId, String email, Instant now) {
        return claims.claim(
                c, account, requestId, "https://idp.test/" + account, assertionId, now.plusSeconds(300), email, now);
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
