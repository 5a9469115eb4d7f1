package io.gatehouse.platform.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.Charset;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A body declared in a charset this JVM does not know ({@code Content-Type: …; charset=x-bogus}) or with an
 * unreadable Content-Type is refused before any resource reads it: {@link MalformedRequest}, a 400. Without this,
 * a form body in an unknown charset failed with a 500 and a JSON body was silently read as UTF-8.
 */
public class RequestCharsets {
    @ServerRequestFilter(preMatching = true)
    public void check(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (header == null || header.isBlank()) {
            return;
        }
        String charset;
        try {
            charset = MediaType.valueOf(header).getParameters().get(MediaType.CHARSET_PARAMETER);
        } catch (IllegalArgumentException e) {
            throw new MalformedRequest("the Content-Type header cannot be read");
        }
        if (charset == null) {
            return;
        }
        boolean known;
        try {
            known = Charset.isSupported(charset.trim());
        } catch (IllegalArgumentException e) {
            known = false;
        }
        if (!known) {
            throw new MalformedRequest("unsupported charset in Content-Type");
        }
    }
}
