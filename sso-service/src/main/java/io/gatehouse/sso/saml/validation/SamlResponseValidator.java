package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.DecodedResponse;
import io.gatehouse.sso.saml.Saml2;
import io.gatehouse.sso.saml.SamlResponseDecoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The composite: decodes once, then runs the rules in the fixed processing order of docs/design/saml-validation.md. In
 * {@link Mode#STOP_AT_FIRST_FAILURE} (the ACS) it stops at the first failure; in {@link Mode#REPORT_ALL} (Test
 * Connection) it goes on as far as the document allows so the admin sees every mismatch. A login is returned
 * only when every rule passed, and its data is read from the signature-checked Assertion.
 */
public final class SamlResponseValidator {
    public enum Mode {
        STOP_AT_FIRST_FAILURE,
        REPORT_ALL
    }

    private static final List<SamlRule> RULES = List.of(
            new VersionValidator(),
            new ResponseStructureValidator(),
            new StatusValidator(),
            new IssuerValidator(),
            new DestinationValidator(),
            new SingleAssertionValidator(),
            new SignatureValidator(),
            new InResponseToValidator(),
            new BrowserBindingValidator(),
            new AssertionIssuerValidator(),
            new TimeWindowValidator(),
            new AudienceValidator(),
            new ConditionsValidator(),
            new SubjectConfirmationValidator(),
            new AuthnStatementValidator(),
            new NameIdValidator(),
            new AttributeMappingValidator(),
            new EmailAgreementValidator(),
            new EmailDomainValidator());

    private final SamlResponseDecoder decoder;
    private final Clock clock;

    public SamlResponseValidator(SamlResponseDecoder decoder, Clock clock) {
        this.decoder = decoder;
        this.clock = clock;
    }

    public static List<SamlRule> rules() {
        return RULES;
    }

    public ValidationOutcome validate(
            String encodedResponse, ConnectionExpectations expectations, RequestCorrelation correlation, Mode mode) {
        return validate(encodedResponse, expectations, correlation, null, mode);
    }

    /** {@code browserNonce}: the login cookie that came with the response (null when none). */
    public ValidationOutcome validate(
            String encodedResponse,
            ConnectionExpectations expectations,
            RequestCorrelation correlation,
            String browserNonce,
            Mode mode) {
        SamlResponseDecoder.Outcome decoded = decoder.decode(encodedResponse);
        if (!decoded.ok()) {
            return new ValidationOutcome(List.of(decoded.failure()), null, null, Map.of());
        }
        return validate(decoded.decoded(), expectations, correlation, browserNonce, mode);
    }

    /** Validates a response already decoded by {@link SamlResponseDecoder} (it is never parsed again). */
    public ValidationOutcome validate(
            DecodedResponse decoded, ConnectionExpectations expectations, RequestCorrelation correlation, Mode mode) {
        return validate(decoded, expectations, correlation, null, mode);
    }

    /** As above, with the browser's login cookie for {@link BrowserBindingValidator}. */
    public ValidationOutcome validate(
            DecodedResponse decoded,
            ConnectionExpectations expectations,
            RequestCorrelation correlation,
            String browserNonce,
            Mode mode) {
        List<CheckResult> checks = new ArrayList<>();
        checks.add(CheckResult.pass("decode", "base64 XML SAML Response", "parsed"));
        ValidationContext context = new ValidationContext(decoded, expectations, correlation, browserNonce, clock);
        boolean failed = false;
        for (SamlRule rule : RULES) {
            if (rule.needsAssertion() && context.assertion == null) {
                break;
            }
            CheckResult result;
            try {
                result = rule.validate(context);
            } catch (Throwable e) { // a rule must never turn hostile input into a 500
                result = CheckResult.fail(
                        rule.name(),
                        ErrorCode.STRUCTURE,
                        "a well-formed Response",
                        e.getClass().getSimpleName(),
                        "unexpected content");
            }
            checks.add(result);
            if (result.failed()) {
                failed = true;
                if (mode == Mode.STOP_AT_FIRST_FAILURE) {
                    break;
                }
            }
        }
        Duration offset = context.assertion == null || context.assertion.issueInstant() == null
                ? null
                : Duration.between(context.now(), context.assertion.issueInstant());
        if (failed || context.verifiedWith == null) {
            return new ValidationOutcome(List.copyOf(checks), null, offset, Map.copyOf(context.attributes));
        }
        return new ValidationOutcome(List.copyOf(checks), login(context), offset, Map.copyOf(context.attributes));
    }

    private static ValidatedLogin login(ValidationContext context) {
        Saml2.Assertion assertion = context.assertion;
        Duration skew = context.expectations().clockSkew();
        Instant expiry = assertion.conditions().notOnOrAfter();
        for (Saml2.Confirmation confirmation : assertion.subject().confirmations()) {
            if (confirmation.data() != null
                    && confirmation.data().notOnOrAfter() != null
                    && confirmation.data().notOnOrAfter().isAfter(expiry)) {
                expiry = confirmation.data().notOnOrAfter();
            }
        }
        Map<String, List<String>> attributes = Map.copyOf(context.attributes);
        return new ValidatedLogin(
                context.expectations().accountId(),
                assertion.issuer().value(),
                assertion.id(),
                context.response().inResponseTo(),
                assertion.subject().nameId().value(),
                assertion.subject().nameId().format(),
                context.email,
                context.firstName,
                context.lastName,
                attributes,
                expiry.plus(skew),
                context.verifiedWith.fingerprint());
    }
}
