package io.gatehouse.events;

/** How a SAML login started. */
public enum LoginFlow {
    SP_INITIATED,
    IDP_INITIATED
}
