package io.gatehouse.sso.saml.validation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every check run, in order, and — only when all passed — the validated login.
 *
 * @param attributes  the attributes read from the Assertion (also when a later check failed)
 * @param clockOffset the Assertion IssueInstant minus our clock, when an Assertion was found (for Test Connection)
 */
public record ValidationOutcome(
        List<CheckResult> checks, ValidatedLogin login, Duration clockOffset, Map<String, List<String>> attributes) {

    public boolean valid() {
        return login != null;
    }

    public Optional<CheckResult> firstFailure() {
        return checks.stream().filter(CheckResult::failed).findFirst();
    }

    /**
     * Whether the signature check ran and passed: a refusal after it is about a response the IdP really signed;
     * one before it (or at it) may be anyone's junk.
     */
    public boolean signatureVerified() {
        return checks.stream().anyMatch(c -> c.passed() && SignatureValidator.NAME.equals(c.check()));
    }

    /** The code of the first failure; null when valid. */
    public ErrorCode code() {
        return firstFailure().map(CheckResult::code).orElse(null);
    }
}
