package io.gatehouse.sso.saml.validation;

import java.security.cert.X509Certificate;

/** One IdP signing certificate configured for the account; {@code fingerprint} is its SHA-256, hex. */
public record TrustedCertificate(X509Certificate certificate, String fingerprint) {}
