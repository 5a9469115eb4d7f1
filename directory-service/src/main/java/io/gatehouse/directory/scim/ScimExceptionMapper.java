package io.gatehouse.directory.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.unboundid.scim2.common.messages.ErrorResponse;
import com.unboundid.scim2.common.utils.JsonUtils;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** SCIM errors as RFC 7644 error JSON with {@code application/scim+json}. */
@Provider
public class ScimExceptionMapper implements ExceptionMapper<ScimException> {
    @Override
    public Response toResponse(ScimException e) {
        ErrorResponse body = new ErrorResponse(e.status());
        body.setScimType(e.scimType());
        body.setDetail(e.getMessage());
        try {
            Response.ResponseBuilder b = Response.status(e.status())
                    .type(ScimMedia.SCIM_JSON)
                    .entity(JsonUtils.getObjectWriter().writeValueAsString(body));
            if (e.status() == 401) {
                b.header("WWW-Authenticate", "Bearer realm=\"scim\"");
            }
            return b.build();
        } catch (JsonProcessingException ex) {
            return Response.status(500).build();
        }
    }
}
