package io.gatehouse.simulator.saml;

/** What the IdP keeps from an AuthnRequest: its ID (for InResponseTo), Issuer and requested ACS URL. */
public record PendingRequest(String id, String issuer, String assertionConsumerServiceUrl) {}
