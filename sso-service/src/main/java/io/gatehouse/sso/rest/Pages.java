package io.gatehouse.sso.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The HTML pages (Qute, under templates/); no external CDN, no inline data from the SAML message. */
@CheckedTemplate
public class Pages {
    public static native TemplateInstance login(String message, String returnTo, String csrf);

    public static native TemplateInstance switchSession(
            String currentEmail, String currentAccount, String newEmail, String newAccount, String token);

    public static native TemplateInstance autopost(String action, String samlRequest, String relayState);

    public static native TemplateInstance error(String category, String fix, String reference);

    public static native TemplateInstance app(
            String email, String role, String accountId, String userId, String expiresAt, boolean admin);

    public static native TemplateInstance testDone(boolean passed, String testId);

    public static native TemplateInstance throttled(long retryAfterSeconds);
}
