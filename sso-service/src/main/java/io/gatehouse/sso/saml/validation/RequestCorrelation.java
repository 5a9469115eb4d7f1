package io.gatehouse.sso.saml.validation;

import java.time.Instant;
import java.util.Optional;

/** Looks up the AuthnRequests we sent, so that a response's InResponseTo can be checked. */
@FunctionalInterface
public interface RequestCorrelation {

    Optional<PendingRequest> find(String requestId);

    /**
     * An AuthnRequest we issued; {@code testId} is set when it started a Test Connection; {@code browserBindingHash}
     * is the SHA-256 (hex) of the nonce given to the browser that started it (null when not bound).
     */
    record PendingRequest(
            String id,
            String accountId,
            Instant expiresAt,
            boolean consumed,
            String testId,
            String browserBindingHash) {}

    RequestCorrelation NONE = id -> Optional.empty();
}
