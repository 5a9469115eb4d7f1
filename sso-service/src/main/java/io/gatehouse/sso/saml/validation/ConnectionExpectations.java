package io.gatehouse.sso.saml.validation;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a response for one account must match, all taken from the account's configuration (never from the
 * message or from request headers).
 *
 * @param accountId              the account whose ACS received the response
 * @param idpEntityId            the IdP Entity ID the admin configured
 * @param spEntityId             our SP Entity ID for the account (the audience)
 * @param acsUrl                 our ACS URL for the account (Destination and Recipient)
 * @param certificates           the IdP signing certificates; the signature must verify with one of them
 * @param allowIdpInitiated      whether an unsolicited response (no InResponseTo) is accepted
 * @param clockSkew              tolerated clock difference for every time check
 * @param maxAge                 maximum age of the Response and Assertion IssueInstant
 * @param verifiedDomains        the account's verified email domains (lower case)
 * @param allowOtherEmailDomains whether emails outside {@code verifiedDomains} are accepted
 */
public record ConnectionExpectations(
        String accountId,
        String idpEntityId,
        String spEntityId,
        String acsUrl,
        List<TrustedCertificate> certificates,
        boolean allowIdpInitiated,
        Duration clockSkew,
        Duration maxAge,
        Set<String> verifiedDomains,
        boolean allowOtherEmailDomains) {
    public ConnectionExpectations {
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
        verifiedDomains = verifiedDomains == null ? Set.of() : Set.copyOf(verifiedDomains);
    }
}
