package io.gatehouse.sso.domain;

import io.gatehouse.sso.saml.validation.ErrorCode;
import java.time.Instant;
import java.util.UUID;

/** What the ACS answers: a session, a refusal with a reference id, a finished Test Connection, or a switch to confirm. */
public sealed interface AcsResult {
    /** {@code rawPresence}: the value of the presence cookie that goes with the session cookie. */
    record LoggedIn(String rawSessionId, Instant expiresAt, String returnPath, String rawPresence)
            implements AcsResult {}

    record Refused(ErrorCode code, String referenceId) implements AcsResult {}

    record TestCompleted(UUID testId, boolean passed) implements AcsResult {}

    /** A valid login that would replace the browser's live session of another user or account: ask first. */
    record SwitchPending(SessionSwitch.Pending pending) implements AcsResult {}
}
