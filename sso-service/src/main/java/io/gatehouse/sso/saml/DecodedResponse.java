package io.gatehouse.sso.saml;

import org.opensaml.saml.saml2.core.Response;
import org.w3c.dom.Document;

/** A response that was decoded, parsed once by the hardened pool and unmarshalled; nothing is validated yet. */
public record DecodedResponse(Response response, Document document) {

    /** The response's {@code InResponseTo} (SAML Core 3.2.2), or null: read by the ACS before validation. */
    public String inResponseTo() {
        return response.getInResponseTo();
    }
}
