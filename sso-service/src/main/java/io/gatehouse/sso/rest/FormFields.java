package io.gatehouse.sso.rest;

import io.gatehouse.platform.problem.MalformedRequest;
import java.util.List;

/**
 * Form fields that must appear at most once (issue 15 point 7). Two {@code SAMLResponse} or {@code RelayState}
 * fields are an attack on whichever component reads "the" value (the first for one parser, the last for another),
 * so a repeated field is refused with {@link MalformedRequest} (400) instead of picking one.
 */
final class FormFields {
    private FormFields() {}

    /** The only value, or null when absent; {@link MalformedRequest} when repeated. */
    static String single(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new MalformedRequest("a form field is repeated");
        }
        return values.get(0);
    }
}
