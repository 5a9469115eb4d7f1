package io.gatehouse.sso.it;

import static io.gatehouse.sso.it.Fixture.await;
import static io.gatehouse.sso.it.Fixture.domainFor;
import static io.gatehouse.sso.it.Fixture.postAcs;
import static io.gatehouse.sso.it.Fixture.readyAccount;
import static io.gatehouse.sso.it.SamlFlows.responseFor;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.sso.saml.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A login's {@code LoginSucceeded} leaves at once: the ACS writes it in its plain JDBC transaction (ADR 0027), which
 * no JTA synchronisation sees, so the ACS wakes the outbox relay itself after the commit. The profile makes an idle
 * relay sleep a minute between polls: without the wake-up the event would wait for that poll, and user-service would
 * learn of the login (and create a first-time user) up to {@code gatehouse.outbox.idle-poll-max} late.
 */
@QuarkusTest
@TestProfile(LoginEventPromptnessTest.SleepyRelay.class)
class LoginEventPromptnessTest {
    private static final Duration RELAY_SLEEP = Duration.ofSeconds(60);

    public static class SleepyRelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gatehouse.outbox.poll-interval", RELAY_SLEEP.toSeconds() + "s",
                    "gatehouse.outbox.idle-poll-max", RELAY_SLEEP.toSeconds() + "s");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void aLoginsEventIsSentWithoutWaitingForTheIdleRelaysNextPoll() throws Exception {
        String accountId = readyAccount("POST", false, TestKeys.idp());
        String email = "prompt-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domainFor(accountId);
        // the set-up's own events were committed through JTA, which wakes the relay; once they are sent and a pass
        // has found nothing more, the relay sleeps its idle minute
        await("the set-up's events sent", Duration.ofSeconds(30), () -> unsent() == 0);
        Thread.sleep(500);

        Response start = SamlFlows.startLogin(email, "/app");
        String xml = new String(Base64.getDecoder().decode(SamlFlows.hidden(start.asString(), "SAMLRequest")));
        String samlResponse = responseFor(accountId, email)
                .inResponseTo(SamlFlows.requestId(xml))
                .base64();
        Instant posted = Instant.now();
        postAcs(accountId, samlResponse, SamlFlows.hidden(start.asString(), "RelayState"), SamlFlows.loginCookie(start))
                .then()
                .statusCode(303);

        Duration bound = RELAY_SLEEP.dividedBy(4);
        await("LoginSucceeded sent", bound, () -> sentAt(email) != null);
        Instant sent = sentAt(email);
        assertNotNull(sent);
        assertTrue(
                Duration.between(posted, sent).compareTo(bound) < 0,
                "sent " + Duration.between(posted, sent).toMillis() + " ms after the ACS post");
    }

    private long unsent() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM gh_outbox WHERE sent_at IS NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant sentAt(String email) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT sent_at FROM gh_outbox WHERE event_type = ? AND payload LIKE ?")) {
            ps.setString(1, LoginSucceeded.TYPE);
            ps.setString(2, "%" + email + "%");
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Timestamp sent = rs.getTimestamp(1);
                return sent == null ? null : sent.toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
