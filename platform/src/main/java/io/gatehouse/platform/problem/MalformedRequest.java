package io.gatehouse.platform.problem;

import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;

/**
 * A request that cannot be read as sent: invalid percent-encoding, bytes that are not valid in the declared
 * charset, an unsupported charset, a field that must appear once appearing twice. Always a 400 with the stable
 * code {@code malformed_request} (problem+json on APIs; a service may render its HTML error page instead), never a
 * 500. The message names the kind of defect, never the offending value.
 */
public class MalformedRequest extends RuntimeException {
    public MalformedRequest(String message) {
        super(message, null, false, false);
    }

    /**
     * Whether a framework exception means the request itself could not be decoded: RESTEasy Reactive's form and
     * URL decoding ({@code URLUtils.decode}: "Failed to decode URL …") and an unknown or illegal charset. They
     * surface as {@link IllegalArgumentException}, which is otherwise a bug (a 500), so the origin is checked.
     */
    public static boolean isDecodingFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnsupportedCharsetException
                    || t instanceof IllegalCharsetNameException
                    || t instanceof MalformedRequest) {
                return true;
            }
            for (StackTraceElement frame : t.getStackTrace()) {
                String type = frame.getClassName();
                if (type.startsWith("org.jboss.resteasy.reactive.common.util.URLUtils")
                        || type.startsWith(
                                "org.jboss.resteasy.reactive.server.core.multipart.FormEncodedDataDefinition")
                        || type.startsWith("org.jboss.resteasy.reactive.server.handlers.FormBodyHandler")) {
                    return true;
                }
                if (type.startsWith("io.gatehouse.")) {
                    break; // raised by our own code: a bug, not a decoding failure
                }
            }
        }
        return false;
    }
}
