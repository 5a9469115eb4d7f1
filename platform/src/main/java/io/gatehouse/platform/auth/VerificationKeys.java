package io.gatehouse.platform.auth;

import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * Where account JWT verification keys come from. The default bean reads sso-service's JWKS
 * ({@code gatehouse.auth.jwks-url}); sso-service provides its own bean with its local keys.
 */
public interface VerificationKeys {
    VerificationKeyResolver resolver();
}
