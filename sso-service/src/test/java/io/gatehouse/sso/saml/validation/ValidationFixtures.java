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

/** Shared set-up for the validator unit tests: the default account's expectations and a fixed clock. */
final class ValidationFixtures {
    static final Duration SKEW = Duration.ofSeconds(120);
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private ValidationFixtures() {
    }

    static ConnectionExpectations expectations(TestKeys... keys) {
        return expectations(true, keys);
    }

    static ConnectionExpectations expectations(boolean allowIdpInitiated, TestKeys... keys) {
        return new ConnectionExpectations(TestSamlResponses.ACCOUNT, TestSamlResponses.IDP_ENTITY_ID,
                TestSamlResponses.spEntityId(TestSamlResponses.ACCOUNT), TestSamlResponses.acsUrl(TestSamlResponses.ACCOUNT),
                Arrays.stream(keys).map(TestKeys::trusted).toList(), allowIdpInitiated, SKEW, MAX_AGE);
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

    static ValidationOutcome validate(String base64, ConnectionExpectations expectations,
                                      RequestCorrelation correlation, Instant now) {
        return new SamlResponseValidator(new SamlResponseDecoder(), Clock.fixed(now, ZoneOffset.UTC))
                .validate(base64, expectations, correlation, SamlResponseValidator.Mode.STOP_AT_FIRST_FAILURE);
    }

    /** One pending request of the default account. */
    static RequestCorrelation pending(String id, String accountId, Instant expiresAt, boolean consumed) {
        return requestId -> requestId.equals(id)
                ? Optional.of(new RequestCorrelation.PendingRequest(id, accountId, expiresAt, consumed, null))
                : Optional.empty();
    }
}
