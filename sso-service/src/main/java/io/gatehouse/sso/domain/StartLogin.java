package io.gatehouse.sso.domain;

import io.gatehouse.platform.domain.DomainException;
import io.gatehouse.sso.config.SpUrls;
import io.gatehouse.sso.config.SsoConfig;
import io.gatehouse.sso.saml.SamlMessages;
import io.gatehouse.sso.saml.validation.BrowserBindingValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Starts an SP-initiated login: email → verified domain → account with SSO enabled → a stored, single-use
 * AuthnRequest and an opaque RelayState → the IdP's SSO URL. The request is bound to the browser that asked for
 * it: it stores the SHA-256 of a random nonce that goes back to that browser as a cookie, and the ACS requires that
 * cookie (login CSRF, {@code BrowserBindingValidator}). Also starts Test Connection runs (not bound).
 */
@ApplicationScoped
public class StartLogin {
    /**
     * What the browser must be sent to: a redirect URL or an auto-submitting form; {@code browserNonce} is the
     * value of the login cookie to set with it (null for Test Connection).
     */
    public record LoginStart(
            String accountId,
            SsoConnection.Binding binding,
            String idpSsoUrl,
            String requestXml,
            String relayState,
            String requestId,
            String browserNonce) {
        public String redirectUrl() {
            return SamlMessages.redirectUrl(idpSsoUrl, requestXml, relayState);
        }

        public String postValue() {
            return SamlMessages.postEncode(requestXml);
        }
    }

    /** What {@link #forEmail} decided: a start, no SSO for this email, or an account whose plan lost SSO. */
    public sealed interface Outcome {}

    public record Started(LoginStart start) implements Outcome {}

    /** The email's domain is not verified by an account with SSO enabled (the neutral answer). */
    public record Unavailable() implements Outcome {}

    /** The domain's account has SSO set up but is no longer on BUSINESS or above. */
    public record PlanRequired(String accountId) implements Outcome {}

    static final int NONCE_BYTES = 32;
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final ConnectionRepository connections;
    private final AuthnRequestRepository requests;
    private final TestRunRepository tests;
    private final SpUrls urls;
    private final SsoConfig config;
    private final Clock clock;

    public StartLogin(
            ConnectionRepository connections,
            AuthnRequestRepository requests,
            TestRunRepository tests,
            SpUrls urls,
            SsoConfig config,
            Clock clock) {
        this.connections = connections;
        this.requests = requests;
        this.tests = tests;
        this.urls = urls;
        this.config = config;
        this.clock = clock;
    }

    /**
     * {@link Unavailable} when the email's domain is not verified by an account with SSO enabled,
     * {@link PlanRequired} when that account's plan no longer includes SSO (nothing is stored then).
     * {@code presentedNonce} is the login cookie the browser already holds: a well-formed one is kept, so logins
     * started in two tabs of one browser both complete; otherwise a new nonce is made.
     */
    public Outcome forEmail(String email, String returnTo, String presentedNonce) {
        String domain = DomainNames.ofEmail(email == null ? null : email.trim());
        if (domain == null) {
            return new Unavailable();
        }
        Optional<ConnectionRepository.LoginTarget> target = connections.loginTarget(domain);
        if (target.isEmpty()) {
            return new Unavailable();
        }
        if (!target.get().planAllowsSso()) {
            return new PlanRequired(target.get().accountId());
        }
        String nonce = presentedNonce != null && NONCE.matcher(presentedNonce).matches()
                ? presentedNonce
                : Tokens.random(NONCE_BYTES);
        return new Started(start(target.get(), ReturnPaths.orDefault(returnTo), null, nonce));
    }

    /** A Test Connection: an AuthnRequest whose response produces a report instead of a session. */
    @Transactional
    public TestStart forTest(String accountId) {
        SsoConnection connection = connections.findById(accountId);
        if (connection == null) {
            throw DomainException.conflict("sso_not_configured", "save the SSO settings before testing them");
        }
        UUID testId = UUID.randomUUID();
        LoginStart start = start(
                new ConnectionRepository.LoginTarget(
                        accountId, connection.idpSsoUrl(), connection.authnRequestBinding(), true),
                ReturnPaths.DEFAULT,
                testId,
                null);
        TestRun run = TestRun.create(testId, accountId, start.requestId(), clock.instant());
        tests.persist(run);
        return new TestStart(testId, start);
    }

    public record TestStart(UUID testId, LoginStart start) {}

    /** The pending Test Connection request again (unsigned, same ID), for the POST binding start page. */
    @Transactional
    public Optional<LoginStart> resumeTest(String accountId, UUID testId) {
        TestRun run = tests.findById(testId);
        if (run == null || !run.accountId().equals(accountId) || run.completedAt() != null) {
            return Optional.empty();
        }
        PendingAuthnRequest request = requests.findById(run.requestId());
        SsoConnection connection = connections.findById(accountId);
        Instant now = clock.instant();
        if (request == null
                || connection == null
                || request.consumedAt() != null
                || !now.isBefore(request.expiresAt())) {
            return Optional.empty();
        }
        String xml = SamlMessages.authnRequest(
                request.id(), now, urls.spEntityId(accountId), urls.acsUrl(accountId), connection.idpSsoUrl());
        return Optional.of(new LoginStart(
                accountId,
                SsoConnection.Binding.POST,
                connection.idpSsoUrl(),
                xml,
                request.relayKey(),
                request.id(),
                null));
    }

    private LoginStart start(
            ConnectionRepository.LoginTarget target, String returnPath, UUID testId, String browserNonce) {
        Instant now = clock.instant();
        Instant expires = now.plus(config.authnRequestTtl());
        String relayKey = Tokens.random(24);
        RelayState relay = RelayState.create(relayKey, target.accountId(), returnPath, now, expires);
        PendingAuthnRequest request = PendingAuthnRequest.create(
                Tokens.samlId(),
                target.accountId(),
                relayKey,
                testId,
                browserNonce == null ? null : BrowserBindingValidator.hash(browserNonce),
                now,
                expires);
        requests.create(request, relay);
        String xml = SamlMessages.authnRequest(
                request.id(),
                now,
                urls.spEntityId(target.accountId()),
                urls.acsUrl(target.accountId()),
                target.idpSsoUrl());
        return new LoginStart(
                target.accountId(), target.binding(), target.idpSsoUrl(), xml, relayKey, request.id(), browserNonce);
    }
}
