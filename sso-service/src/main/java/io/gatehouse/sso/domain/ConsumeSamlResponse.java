package io.gatehouse.sso.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.events.LoginFailed;
import io.gatehouse.events.LoginFlow;
import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.Role;
import io.gatehouse.platform.outbox.Outbox;
import io.gatehouse.sso.config.SpUrls;
import io.gatehouse.sso.config.SsoConfig;
import io.gatehouse.sso.domain.ConnectionSnapshots.Snapshot;
import io.gatehouse.sso.saml.DecodedResponse;
import io.gatehouse.sso.saml.SamlResponseDecoder;
import io.gatehouse.sso.saml.validation.AttributeMappingValidator;
import io.gatehouse.sso.saml.validation.CheckResult;
import io.gatehouse.sso.saml.validation.ConnectionExpectations;
import io.gatehouse.sso.saml.validation.ErrorCode;
import io.gatehouse.sso.saml.validation.RequestCorrelation;
import io.gatehouse.sso.saml.validation.SamlResponseValidator;
import io.gatehouse.sso.saml.validation.ValidatedLogin;
import io.gatehouse.sso.saml.validation.ValidationOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The Assertion Consumer Service use case: the account comes from the ACS path (never from the Issuer); the
 * response is decoded once and validated in the order of docs/design/saml-validation.md; then, in one transaction, the
 * AuthnRequest is consumed, the assertion is remembered against replay, revoked users are refused, a session is
 * created and LoginSucceeded goes to the outbox. A refusal after the signature was verified emits LoginFailed with
 * its code and reference id; one before it is only counted ({@link UnverifiedAcsFailures}: one aggregate a minute).
 * A response to a Test Connection request writes a report instead of a session.
 */
@ApplicationScoped
public class ConsumeSamlResponse {
    private static final Logger LOG = Logger.getLogger(ConsumeSamlResponse.class);

    private final ConnectionSnapshots snapshots;
    private final AuthnRequestRepository requests;
    private final RelayStateRepository relays;
    private final ResponseClaim claims;
    private final TestRunRepository tests;
    private final Sessions sessions;
    private final SessionSwitch sessionSwitch;
    private final Outbox outbox;
    private final LoginTransaction transaction;
    private final SpUrls urls;
    private final SsoConfig config;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final ObjectMapper json;
    private final UnverifiedAcsFailures unverified;
    /** The meters of every request, looked up once (the outcome codes are a fixed, small set). */
    private final Timer latency;

    private final Map<String, Counter> logins = new ConcurrentHashMap<>();

    public ConsumeSamlResponse(
            ConnectionSnapshots snapshots,
            AuthnRequestRepository requests,
            RelayStateRepository relays,
            ResponseClaim claims,
            TestRunRepository tests,
            Sessions sessions,
            SessionSwitch sessionSwitch,
            Outbox outbox,
            LoginTransaction transaction,
            SpUrls urls,
            SsoConfig config,
            Clock clock,
            MeterRegistry metrics,
            ObjectMapper json,
            UnverifiedAcsFailures unverified) {
        this.sessionSwitch = sessionSwitch;
        this.snapshots = snapshots;
        this.requests = requests;
        this.relays = relays;
        this.claims = claims;
        this.tests = tests;
        this.sessions = sessions;
        this.outbox = outbox;
        this.transaction = transaction;
        this.urls = urls;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.json = json;
        this.unverified = unverified;
        this.latency = metrics.timer("gatehouse.sso.acs.latency");
    }

    /** A refusal that happens after validation, inside the login transaction (rolls it back). */
    static final class LoginRefused extends RuntimeException {
        final ErrorCode code;

        LoginRefused(ErrorCode code) {
            super(code.code(), null, false, false);
            this.code = code;
        }
    }

    /** As below, from a browser without a live session. */
    public AcsResult consume(String accountId, byte[] samlResponse, String relayState, String browserNonce) {
        return consume(accountId, samlResponse, relayState, browserNonce, null);
    }

    /**
     * {@code samlResponse}: the bytes of the form's {@code SAMLResponse} value, percent-decoded (null when absent;
     * compacted in place while decoding); {@code browserNonce}: the login cookie that came with the POST (null when none); {@code current}: the
     * browser's live session (null when none), which a login of someone else does not silently replace.
     */
    public AcsResult consume(
            String accountId,
            byte[] samlResponse,
            String relayState,
            String browserNonce,
            SessionSwitch.Current current) {
        Timer.Sample sample = Timer.start(metrics);
        AcsResult result;
        try {
            result = doConsume(accountId, samlResponse, relayState, browserNonce, current);
        } catch (RuntimeException e) {
            String reference = Tokens.reference();
            LOG.errorf(e, "ACS failure for account %s, reference %s", accountId, reference);
            result = new AcsResult.Refused(ErrorCode.STRUCTURE, reference);
        }
        String outcome = result instanceof AcsResult.Refused r
                ? r.code().code()
                : result instanceof AcsResult.TestCompleted
                        ? "test"
                        : result instanceof AcsResult.SwitchPending ? "switch_pending" : "success";
        logins.computeIfAbsent(outcome, o -> metrics.counter("gatehouse.sso.logins", "result", o))
                .increment();
        sample.stop(latency);
        return result;
    }

    private AcsResult doConsume(
            String accountId,
            byte[] samlResponse,
            String relayState,
            String browserNonce,
            SessionSwitch.Current liveSession) {
        Optional<Snapshot> found = snapshots.get(accountId);
        if (found.isEmpty()) {
            String reference = Tokens.reference();
            LOG.infof(
                    "SAML login refused: account %s has no SSO connection (code account, reference %s)",
                    accountId, reference);
            return new AcsResult.Refused(ErrorCode.ACCOUNT, reference);
        }
        Snapshot connection = found.get();
        SamlResponseDecoder.Outcome decoded =
                new SamlResponseDecoder(config.maxSamlResponseLength()).decode(samlResponse);
        if (!decoded.ok()) {
            return refuseUnverified(
                    connection, connection.enabled() ? decoded.failure().code() : ErrorCode.ACCOUNT);
        }
        ConnectionExpectations expectations = expectations(connection);
        String inResponseTo = decoded.decoded().inResponseTo();
        Optional<RequestCorrelation.PendingRequest> named =
                inResponseTo == null ? Optional.empty() : pendingRequest(inResponseTo);
        // the validator asks for the same id again: answer from this read instead of a second query
        RequestCorrelation correlation = id -> id.equals(inResponseTo) ? named : pendingRequest(id);
        Optional<RequestCorrelation.PendingRequest> pending =
                named.filter(p -> p.accountId().equals(accountId));
        SamlResponseValidator validator = new SamlResponseValidator(null, clock);
        if (pending.isPresent() && pending.get().testId() != null) {
            // a Test Connection runs before SSO is enabled too, and reports the settings as saved right now
            Snapshot current = snapshots.fresh(accountId).orElse(connection);
            return test(current, testExpectations(current), correlation, decoded.decoded(), pending.get(), validator);
        }
        if (!connection.enabled()) {
            return refuseUnverified(connection, ErrorCode.ACCOUNT);
        }
        if (!connection.planAllowsSso()) {
            return refuse(connection, ErrorCode.PLAN, null);
        }
        ValidationOutcome outcome = validator.validate(
                decoded.decoded(),
                expectations,
                correlation,
                browserNonce,
                SamlResponseValidator.Mode.STOP_AT_FIRST_FAILURE);
        if (!outcome.valid()) {
            return outcome.signatureVerified()
                    ? refuse(connection, outcome.code(), null)
                    : refuseUnverified(connection, outcome.code());
        }
        ValidatedLogin login = outcome.login();
        try {
            return complete(connection, login, relayState, liveSession);
        } catch (LoginRefused e) {
            return refuse(connection, e.code, login.email());
        }
    }

    private ConnectionExpectations expectations(Snapshot connection) {
        String accountId = connection.accountId();
        return new ConnectionExpectations(
                accountId,
                connection.idpEntityId(),
                urls.spEntityId(accountId),
                urls.acsUrl(accountId),
                connection.certificates(),
                connection.allowIdpInitiated(),
                Duration.ofSeconds(connection.skewSeconds()),
                config.maxAssertionAge(),
                connection.verifiedDomains(),
                connection.allowOtherEmailDomains());
    }

    /**
     * A Test Connection runs before a domain is verified too: with no verified domain yet the email domain rule is
     * not applied (the connection cannot be enabled without one, so no login ever skips it).
     */
    private ConnectionExpectations testExpectations(Snapshot connection) {
        ConnectionExpectations e = expectations(connection);
        return connection.verifiedDomains().isEmpty()
                ? new ConnectionExpectations(
                        e.accountId(),
                        e.idpEntityId(),
                        e.spEntityId(),
                        e.acsUrl(),
                        e.certificates(),
                        e.allowIdpInitiated(),
                        e.clockSkew(),
                        e.maxAge(),
                        e.verifiedDomains(),
                        true)
                : e;
    }

    private Optional<RequestCorrelation.PendingRequest> pendingRequest(String id) {
        return id.length() > 100 ? Optional.empty() : requests.pending(id);
    }

    /**
     * The login transaction ({@link LoginTransaction}, ADR 0027): the AuthnRequest consumed, the assertion
     * remembered, the user looked up, then the session and LoginSucceeded, or a pending switch; all or nothing.
     */
    AcsResult complete(Snapshot connection, ValidatedLogin login, String relayState, SessionSwitch.Current current) {
        AcsResult result = transaction.run(c -> completeOn(c, connection, login, relayState, current));
        if (result instanceof AcsResult.LoggedIn) {
            outbox.committed();
        }
        return result;
    }

    private AcsResult completeOn(
            Connection c, Snapshot connection, ValidatedLogin login, String relayState, SessionSwitch.Current current) {
        Instant now = clock.instant();
        String accountId = connection.accountId();
        ResponseClaim.Claim claim = claims.claim(
                c,
                accountId,
                login.inResponseTo(),
                login.issuer(),
                login.assertionId(),
                login.replayExpiresAt(),
                login.email(),
                now);
        if (login.inResponseTo() != null && !claim.consumed()) {
            throw new LoginRefused(ErrorCode.CORRELATION);
        }
        if (!claim.remembered()) {
            throw new LoginRefused(ErrorCode.REPLAY);
        }
        KnownUserRepository.Lookup lookup = claim.user();
        if (lookup.revoked()) {
            throw new LoginRefused(ErrorCode.USER_REVOKED);
        }
        Optional<KnownUser> user = lookup.latest();
        Role role = user.map(u -> u.role()).orElse(connection.defaultRole());
        if (SessionSwitch.isSwap(current, accountId, login.email())) {
            // consumed and remembered above, so the response cannot be posted again; the login waits for a yes
            return new AcsResult.SwitchPending(sessionSwitch.hold(
                    c,
                    current,
                    accountId,
                    login.email(),
                    login.nameId(),
                    user.map(u -> u.key().userId()).orElse(null),
                    role == null ? connection.defaultRole() : role,
                    login.firstName(),
                    login.lastName(),
                    connection.idpEntityId(),
                    login.inResponseTo() != null,
                    connection.defaultRole(),
                    returnPath(c, accountId, relayState, now)));
        }
        Sessions.Created created = sessions.create(
                c,
                accountId,
                login.email(),
                login.nameId(),
                user.map(u -> u.key().userId()).orElse(null),
                role == null ? connection.defaultRole() : role);
        try {
            outbox.write(
                    c,
                    List.of(LoginSucceeded.of(
                            now,
                            accountId,
                            login.nameId(),
                            login.email(),
                            login.firstName(),
                            login.lastName(),
                            connection.idpEntityId(),
                            login.inResponseTo() == null ? LoginFlow.IDP_INITIATED : LoginFlow.SP_INITIATED,
                            connection.defaultRole())));
        } catch (SQLException e) {
            throw LoginJdbc.failed("write LoginSucceeded to the outbox", e);
        }
        return new AcsResult.LoggedIn(
                created.rawId(),
                created.session().expiresAt(),
                returnPath(c, accountId, relayState, now),
                created.rawPresence());
    }

    private String returnPath(Connection c, String accountId, String relayState, Instant now) {
        if (relayState == null || relayState.isEmpty() || relayState.length() > 100) {
            return ReturnPaths.DEFAULT;
        }
        return relays.take(c, relayState, accountId, now)
                .map(ReturnPaths::orDefault)
                .orElse(ReturnPaths.DEFAULT);
    }

    private AcsResult refuse(Snapshot connection, ErrorCode code, String email) {
        String reference = Tokens.reference();
        LOG.infof(
                "SAML login refused for account %s: code %s, reference %s",
                connection.accountId(), code.code(), reference);
        recordFailure(connection.accountId(), email, code, reference);
        return new AcsResult.Refused(code, reference);
    }

    /** A refusal before the signature was verified: counted and aggregated, no event of its own (anyone can post it). */
    private AcsResult refuseUnverified(Snapshot connection, ErrorCode code) {
        String reference = Tokens.reference();
        LOG.infof(
                "SAML login refused for account %s before the signature check: code %s, reference %s",
                connection.accountId(), code.code(), reference);
        unverified.count(connection.accountId(), code);
        return new AcsResult.Refused(code, reference);
    }

    @Transactional
    void recordFailure(String accountId, String email, ErrorCode code, String reference) {
        outbox.publish(LoginFailed.of(
                clock.instant(), accountId, email, code.code(), code.category().title(), reference));
    }

    private AcsResult test(
            Snapshot connection,
            ConnectionExpectations expectations,
            RequestCorrelation correlation,
            DecodedResponse decoded,
            RequestCorrelation.PendingRequest pending,
            SamlResponseValidator validator) {
        ValidationOutcome outcome =
                validator.validate(decoded, expectations, correlation, SamlResponseValidator.Mode.REPORT_ALL);
        Map<String, List<String>> seen = outcome.attributes();
        List<String> missing = new ArrayList<>();
        for (String name : List.of(
                AttributeMappingValidator.EMAIL,
                AttributeMappingValidator.FIRST_NAME,
                AttributeMappingValidator.LAST_NAME)) {
            if (seen == null || !seen.containsKey(name)) {
                missing.add(name);
            }
        }
        Optional<CheckResult> failure = outcome.firstFailure();
        writeReport(
                java.util.UUID.fromString(pending.testId()), pending.id(), connection, outcome, seen, missing, failure);
        return new AcsResult.TestCompleted(java.util.UUID.fromString(pending.testId()), outcome.valid());
    }

    @Transactional
    void writeReport(
            java.util.UUID testId,
            String requestId,
            Snapshot connection,
            ValidationOutcome outcome,
            Map<String, List<String>> seen,
            List<String> missing,
            Optional<CheckResult> failure) {
        Instant now = clock.instant();
        requests.consume(requestId, connection.accountId(), now);
        TestRun run = tests.findById(testId);
        if (run == null || run.completedAt() != null) {
            return;
        }
        TestReport report = new TestReport(
                testId,
                connection.accountId(),
                outcome.valid() ? "PASSED" : "FAILED",
                run.createdAt(),
                now,
                failure.map(f -> f.code().code()).orElse(null),
                failure.map(f -> f.code().category().title()).orElse(null),
                failure.map(f -> f.code().fix()).orElse(null),
                outcome.checks(),
                seen,
                missing,
                connection.certificateViews(),
                outcome.clockOffset() == null ? null : outcome.clockOffset().toSeconds(),
                urls.spEntityId(connection.accountId()),
                urls.acsUrl(connection.accountId()));
        try {
            run.complete(json.writeValueAsString(report), now);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
