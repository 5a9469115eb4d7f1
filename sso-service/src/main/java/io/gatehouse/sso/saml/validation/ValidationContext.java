package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.DecodedResponse;
import io.gatehouse.sso.saml.Saml2;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;

/**
 * The state of one validation run. Rules read the response and the expectations, and record what later rules
 * need (the one Assertion, which signatures were verified, the pending request, the mapped attributes).
 */
public final class ValidationContext {
    private final DecodedResponse decoded;
    private final ConnectionExpectations expectations;
    private final RequestCorrelation correlation;
    private final Instant now;
    private final String browserNonce;

    Saml2.Assertion assertion;
    boolean responseSignatureVerified;
    boolean assertionSignatureVerified;
    TrustedCertificate verifiedWith;
    RequestCorrelation.PendingRequest request;
    String email;
    String firstName;
    String lastName;
    final Map<String, List<String>> attributes = new LinkedHashMap<>();

    public ValidationContext(
            DecodedResponse decoded, ConnectionExpectations expectations, RequestCorrelation correlation, Clock clock) {
        this(decoded, expectations, correlation, null, clock);
    }

    /** {@code browserNonce}: the login cookie the ACS request carried (null when none). */
    public ValidationContext(
            DecodedResponse decoded,
            ConnectionExpectations expectations,
            RequestCorrelation correlation,
            String browserNonce,
            Clock clock) {
        this.browserNonce = browserNonce;
        this.decoded = decoded;
        this.expectations = expectations;
        this.correlation = correlation == null ? RequestCorrelation.NONE : correlation;
        this.now = clock.instant();
    }

    public Saml2.Response response() {
        return decoded.response();
    }

    public Document document() {
        return decoded.document();
    }

    public ConnectionExpectations expectations() {
        return expectations;
    }

    public RequestCorrelation correlation() {
        return correlation;
    }

    /** The one instant every time check of this run compares with. */
    public Instant now() {
        return now;
    }

    /** The login cookie's nonce presented with the response, or null. */
    public String browserNonce() {
        return browserNonce;
    }

    public Saml2.Assertion assertion() {
        return assertion;
    }

    public RequestCorrelation.PendingRequest request() {
        return request;
    }

    public TrustedCertificate verifiedWith() {
        return verifiedWith;
    }

    public Map<String, List<String>> attributes() {
        return attributes;
    }
}
