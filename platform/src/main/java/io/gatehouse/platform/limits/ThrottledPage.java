package io.gatehouse.platform.limits;

/**
 * The HTML page a throttled browser request gets (login start, ACS). sso-service supplies its sign-in error page;
 * a service without one gets {@link Plain}. Must not block: it runs on the event loop.
 */
public interface ThrottledPage {
    String html(long retryAfterSeconds);

    /** A minimal page, used unless the service provides its own {@code ThrottledPage} bean. */
    final class Plain implements ThrottledPage {
        @Override
        public String html(long retryAfterSeconds) {
            return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many requests</title>"
                    + "</head><body><h1>Too many requests</h1><p>Wait " + retryAfterSeconds
                    + " seconds, then try again.</p></body></html>";
        }
    }
}
