package io.gatehouse.sso.domain;

import io.gatehouse.sso.saml.validation.ErrorCode;

import java.time.Instant;
import java.util.UUID;

/** What the ACS answers: a session, a refusal with a reference id, or a finished Test Connection. */
public sealed interface AcsResult {
    record LoggedIn(String rawSessionId, Instant expiresAt, String returnPath) implements AcsResult {
    }

    record Refused(ErrorCode code, String referenceId) implements AcsResult {
    }

    record TestCompleted(UUID testId, boolean passed) implements AcsResult {
    }
}
