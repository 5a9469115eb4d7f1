package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.SamlResponseDecoder;
import io.gatehouse.sso.saml.TestKeys;
import io.gatehouse.sso.saml.TestSamlResponses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** Shared set-up for the validator unit tests: the default account's expectations and a fixed clock. */
final class ValidationFixtures {
    static final Duration SKEW = Duration.ofSeconds(120);
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** The login cookie of the browser that started the pending requests of {@link #pending}. */
    static final String BROWSER = "browser-that-started-the-login-nonce-0000001";

    private ValidationFixtures() {}

    static ConnectionExpectations expectations(TestKeys... keys) {
        return expectations(true, keys);
    }

    static ConnectionExpectations expectations(boolean allowIdpInitiated, TestKeys... keys) {
        return expectations(allowIdpInitiated, false, keys);
    }

    /** The default account, whose one verified domain is {@link TestSamlResponses#DOMAIN}. */
    static ConnectionExpectations expectations(
            boolean allowIdpInitiated, boolean allowOtherEmailDomains, TestKeys... keys) {
        return new ConnectionExpectations(
                TestSamlResponses.ACCOUNT,
                TestSamlResponses.IDP_ENTITY_ID,
                TestSamlResponses.spEntityId(TestSamlResponses.ACCOUNT),
                TestSamlResponses.acsUrl(TestSamlResponses.ACCOUNT),
                Arrays.stream(keys).map(TestKeys::trusted).toList(),
                allowIdpInitiated,
                SKEW,
                MAX_AGE,
                Set.of(TestSamlResponses.DOMAIN),
                allowOtherEmailDomains);
    }

    static ValidationOutcome validate(String base64) {
        return validate(base64, expectations(TestKeys.idp()), RequestCorrelation.NONE, TestSamlResponses.NOW);
    }

    static ValidationOutcome validate(String base64, ConnectionExpectations expectations) {
        return validate(base64, expectations, RequestCorrelation.NONE, TestSamlResponses.NOW);
    }

    static ValidationOutcome validateAt(String base64, Instant now) {
        return validate(base64, expectations(TestKeys.idp()), RequestCorrelation.NONE, now);
    }

    /** Validated as posted from the browser that started the login ({@link #BROWSER}). */
    static ValidationOutcome validate(
            String base64, ConnectionExpectations expectations, RequestCorrelation correlation, Instant now) {
        return validateFrom(BROWSER, base64, expectations, correlation, now);
    }

    /** Validated as posted with {@code browserNonce} as the login cookie (null: none). */
    static ValidationOutcome validateFrom(
            String browserNonce,
            String base64,
            ConnectionExpectations expectations,
            RequestCorrelation correlation,
            Instant now) {
        return new SamlResponseValidator(new SamlResponseDecoder(), Clock.fixed(now, ZoneOffset.UTC))
                .validate(
                        base64,
                        expectations,
                        correlation,
                        browserNonce,
                        SamlResponseValidator.Mode.STOP_AT_FIRST_FAILURE);
    }

    /** One pending request of the default account, started by the browser holding {@link #BROWSER}. */
    static RequestCorrelation pending(String id, String accountId, Instant expiresAt, boolean consumed) {
        return request(new RequestCorrelation.PendingRequest(
                id, accountId, expiresAt, consumed, null, BrowserBindingValidator.hash(BROWSER)));
    }

    /** Exactly this pending request. */
    static RequestCorrelation request(RequestCorrelation.PendingRequest request) {
        return requestId -> requestId.equals(request.id()) ? Optional.of(request) : Optional.empty();
    }
}
