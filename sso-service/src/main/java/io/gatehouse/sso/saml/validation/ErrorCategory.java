package io.gatehouse.sso.saml.validation;

/**
 * The four troubleshooting categories of the vendor's guide, and the plan refusal. A person who fails to log in sees the title, the short
 * fix and a reference id — never the internal code or detail.
 */
public enum ErrorCategory {
    RESPONSE_ISSUE(
            "Response issue",
            "The SP Entity ID and ACS URL must match exactly between JumpCloud and this application. "
                    + "Ask your administrator to compare them (Test Connection shows the exact mismatch)."),
    CERTIFICATE_ERROR(
            "Certificate error",
            "Re-download the IdP certificate from the JumpCloud application and upload it again in "
                    + "Settings → Security → Single Sign-On."),
    ATTRIBUTE_MAPPING_ERROR(
            "Attribute mapping error",
            "In JumpCloud, map the attributes email, firstName and lastName (our names) from JumpCloud's "
                    + "email, firstname and lastname."),
    USER_NOT_RECOGNIZED(
            "User not recognized",
            "Ask your administrator to add you to a JumpCloud user group that is assigned to this application."),
    PLAN_NOT_AVAILABLE(
            "SSO is not available on this plan",
            "Single sign-on needs the Business plan or above. Ask your administrator about the account's plan.");

    private final String title;
    private final String fix;

    ErrorCategory(String title, String fix) {
        this.title = title;
        this.fix = fix;
    }

    public String title() {
        return title;
    }

    public String fix() {
        return fix;
    }
}
