package io.gatehouse.sso.saml;

import org.w3c.dom.Document;

/** A response that was decoded, parsed once by the hardened pool and read ({@link Saml2}); nothing is validated yet. */
public record DecodedResponse(Saml2.Response response, Document document) {

    /** The response's {@code InResponseTo} (SAML Core 3.2.2), or null: read by the ACS before validation. */
    public String inResponseTo() {
        return response.inResponseTo();
    }
}
