package io.gatehouse.sso.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Response headers of every HTML page: no caching, no framing, and a Content-Security-Policy that allows only this
 * origin's scripts and styles (no inline script). {@code form-action} stays open on the sign-in pages because a
 * form posted here is redirected (or auto-posted) to the account's IdP.
 */
public final class HtmlPages {
    static final String CSP_CONSOLE = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    static final String CSP_SIGN_IN = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "form-action *; base-uri 'none'; frame-ancestors 'none'";

    private HtmlPages() {}

    /** A sign-in page (its form may lead to the IdP). */
    public static Response signIn(int status, Object entity) {
        return build(status, entity, CSP_SIGN_IN);
    }

    /** A console page (same-origin only). */
    public static Response console(int status, Object entity) {
        return build(status, entity, CSP_CONSOLE);
    }

    private static Response build(int status, Object entity, String csp) {
        return Response.status(status)
                .entity(entity)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store")
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .header("Content-Security-Policy", csp)
                .build();
    }
}
