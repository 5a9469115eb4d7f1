package io.gatehouse.sso.saml.validation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Login CSRF (docs/adr/0005-login-csrf-browser-binding.md; SAML profiles §4.1.4.5 leaves binding the response to
 * the user agent to the SP, and SAML security considerations §7.1.1.8 / OWASP "login CSRF" describe the attack): a
 * response to an SP-initiated request completes only in the browser that started that request. The request was
 * stored with the SHA-256 of a random nonce that went to that browser in an HttpOnly cookie; the ACS request must
 * carry the cookie, and its hash must equal the stored one (compared in constant time). A response solicited by
 * an attacker and posted from the victim's browser — or one posted without the cookie — is refused with
 * {@code browser_binding}. Unsolicited (IdP-initiated) responses have no request to bind to and are governed by
 * the account's allow-IdP-initiated setting; a Test Connection request writes a report, never a session, and is
 * not bound.
 */
public final class BrowserBindingValidator implements SamlRule {
    @Override
    public String name() {
        return "browser_binding";
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        RequestCorrelation.PendingRequest request = context.request();
        if (context.response().inResponseTo() == null) {
            return pass("the browser that started an SP-initiated login", "none (IdP-initiated)");
        }
        if (request == null) {
            return pass("the browser that started the request", "no pending request (see in_response_to)");
        }
        if (request.testId() != null) {
            return pass("not required for Test Connection", "Test Connection request");
        }
        if (request.browserBindingHash() == null) {
            return fail(
                    ErrorCode.BROWSER_BINDING,
                    "a request bound to the browser that started it",
                    "an unbound request",
                    "the request was not bound to a browser");
        }
        String nonce = context.browserNonce();
        if (nonce == null || nonce.isEmpty()) {
            return fail(
                    ErrorCode.BROWSER_BINDING,
                    "the login cookie of the browser that started the request",
                    "no login cookie",
                    "the response was posted from a browser that did not start this login");
        }
        if (!MessageDigest.isEqual(
                hash(nonce).getBytes(StandardCharsets.US_ASCII),
                request.browserBindingHash().getBytes(StandardCharsets.US_ASCII))) {
            return fail(
                    ErrorCode.BROWSER_BINDING,
                    "the login cookie of the browser that started the request",
                    "another browser's login cookie",
                    "the response was posted from a browser that did not start this login");
        }
        return pass("the browser that started the request", "the same browser");
    }

    /** The SHA-256 (hex) of a nonce, as stored with the request. */
    public static String hash(String nonce) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(nonce.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
