package io.gatehouse.directory.scim;

/** A SCIM error (RFC 7644 §3.12), answered as {@code urn:ietf:params:scim:api:messages:2.0:Error}. */
public class ScimException extends RuntimeException {
    private final int status;
    private final String scimType;

    public ScimException(int status, String scimType, String detail) {
        super(detail);
        this.status = status;
        this.scimType = scimType;
    }

    public int status() {
        return status;
    }

    public String scimType() {
        return scimType;
    }

    public static ScimException invalidSyntax(String detail) {
        return new ScimException(400, "invalidSyntax", detail);
    }

    public static ScimException invalidValue(String detail) {
        return new ScimException(400, "invalidValue", detail);
    }

    public static ScimException invalidFilter(String detail) {
        return new ScimException(400, "invalidFilter", detail);
    }

    public static ScimException notFound(String detail) {
        return new ScimException(404, null, detail);
    }

    public static ScimException unauthorized() {
        return new ScimException(401, null, "a valid SCIM bearer token for this account is required");
    }

    /** Wraps the UnboundID SDK's exception, keeping its status and scimType. */
    public static ScimException of(com.unboundid.scim2.common.exceptions.ScimException e) {
        var r = e.getScimError();
        return new ScimException(
                r.getStatus(), r.getScimType(), r.getDetail() == null ? e.getMessage() : r.getDetail());
    }
}
