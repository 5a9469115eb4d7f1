package io.gatehouse.sso.saml.validation;

/**
 * The product's domain rule (not a SAML rule; SAML core §2.7.3 leaves the meaning of attributes to the
 * deployment): the IdP may only sign people in with an email address in one of the account's verified domains
 * (exact match of the part after "@"), unless the account's SSO connection allows other domains
 * ({@code allowOtherEmailDomains}, default off). Without it an IdP admin could sign in as
 * {@code ceo@another-customer.example}, an address whose domain the account never proved it owns, and that
 * address would then appear in the audit trail and in the users list as if it were genuine. Code
 * {@code email_domain}, category <em>User not recognized</em> (403).
 */
public final class EmailDomainValidator implements SamlRule {
    @Override
    public String name() {
        return "email_domain";
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        ConnectionExpectations expectations = context.expectations();
        String email = context.email;
        String domain = email == null ? "" : email.substring(email.lastIndexOf('@') + 1);
        if (expectations.allowOtherEmailDomains()) {
            return pass("any domain (the connection allows other domains)", domain);
        }
        if (!expectations.verifiedDomains().contains(domain)) {
            return fail(
                    ErrorCode.EMAIL_DOMAIN,
                    "one of the verified domains " + expectations.verifiedDomains(),
                    domain,
                    "the email is not in a verified domain of the account");
        }
        return pass("a verified domain", domain);
    }
}
