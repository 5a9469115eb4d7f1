package io.gatehouse.directory.scim;

/** SCIM media type and schema URNs (RFC 7643/7644). */
public final class ScimMedia {
    public static final String SCIM_JSON = "application/scim+json";
    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    private ScimMedia() {}
}
