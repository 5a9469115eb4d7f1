package io.gatehouse.sso.saml.validation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a fully validated response says, read only from the signed Assertion.
 *
 * @param replayExpiresAt when the (issuer, assertionId) pair may be forgotten by the replay cache
 */
public record ValidatedLogin(
        String accountId,
        String issuer,
        String assertionId,
        String inResponseTo,
        String nameId,
        String nameIdFormat,
        String email,
        String firstName,
        String lastName,
        Map<String, List<String>> attributes,
        Instant replayExpiresAt,
        String certificateFingerprint) {}
