package io.gatehouse.sso.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gatehouse.sso.saml.SamlResponseDecoder;
import io.gatehouse.sso.saml.TestKeys;
import io.gatehouse.sso.saml.TestSamlResponses;
import io.gatehouse.sso.saml.TestSamlResponses.Scope;
import io.gatehouse.sso.saml.validation.BrowserBindingValidator;
import io.gatehouse.sso.saml.validation.CheckResult;
import io.gatehouse.sso.saml.validation.ConnectionExpectations;
import io.gatehouse.sso.saml.validation.ErrorCode;
import io.gatehouse.sso.saml.validation.RequestCorrelation;
import io.gatehouse.sso.saml.validation.SamlResponseValidator;
import io.gatehouse.sso.saml.validation.SamlResponseValidator.Mode;
import io.gatehouse.sso.saml.validation.ValidatedLogin;
import io.gatehouse.sso.saml.validation.ValidationOutcome;
import io.gatehouse.testsupport.fuzz.Choices;
import io.gatehouse.testsupport.fuzz.SecurityResults;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the ACS entry point without Quarkus: the base64 {@code SAMLResponse} string through
 * {@link SamlResponseDecoder} and the composite {@link SamlResponseValidator}, exactly as {@code ConsumeSamlResponse}
 * calls them. Inputs are genuine responses signed by the account's IdP key ({@link TestSamlResponses}), mutated by
 * {@link SamlMutator}, plus arbitrary bytes.
 *
 * <p>Properties, checked on every input in both validation modes (ACS and Test Connection):
 * <ul>
 *   <li>nothing escapes but a {@link ValidationOutcome} — no exception, no {@link StackOverflowError}, no OOM;</li>
 *   <li>a refusal always names a stable {@link ErrorCode} with its category;</li>
 *   <li>the two modes agree on accept/refuse;</li>
 *   <li>an accepted response is the genuine login: same account, NameID, email and Assertion ID — a mutation can
 *       never turn jane.doe@acme.test into anyone else.</li>
 * </ul>
 * Under plain {@code mvn test} Jazzer runs the {@code @FuzzTest}s on their seed inputs only (regression mode,
 * {@code src/test/resources/io/gatehouse/sso/fuzz/SamlResponseFuzzTestInputs}); {@link #seededMutationSweep()}
 * runs a fixed number of seeded random mutation programs. {@code JAZZER_FUZZ=1} fuzzes (see docs/security.md).
 */
class SamlResponseFuzzTest {
    static final long SWEEP_SEED = 20261129L;
    static final int SWEEP_ITERATIONS = Integer.getInteger("fuzz.sweep.iterations", 1000);

    private static final SecurityResults RESULTS =
            new SecurityResults("sso-service", "fuzz-saml", "Fuzzing: SAML decode/validate");
    private static final Map<String, AtomicLong> OBSERVED = new TreeMap<>();

    /** A genuine response and the login it must produce if accepted. */
    record Genuine(String name, String xml, String assertionId) {}

    private static final List<Genuine> GENUINE = List.of(
            genuine("assertion-signed", TestSamlResponses.response().scope(Scope.ASSERTION)),
            genuine("response-signed", TestSamlResponses.response().scope(Scope.RESPONSE)),
            genuine("both-signed", TestSamlResponses.response().scope(Scope.BOTH)),
            genuine(
                    "sp-initiated",
                    TestSamlResponses.response().scope(Scope.BOTH).inResponseTo(TestSamlResponses.REQUEST_ID)));

    private static final ConnectionExpectations EXPECTATIONS = new ConnectionExpectations(
            TestSamlResponses.ACCOUNT,
            TestSamlResponses.IDP_ENTITY_ID,
            TestSamlResponses.spEntityId(TestSamlResponses.ACCOUNT),
            TestSamlResponses.acsUrl(TestSamlResponses.ACCOUNT),
            List.of(TestKeys.idp().trusted()),
            true,
            Duration.ofSeconds(120),
            Duration.ofMinutes(5),
            java.util.Set.of(TestSamlResponses.DOMAIN),
            false);

    /** The login cookie of the browser that started the pending request; every response is posted with it. */
    private static final String BROWSER = "browser-that-started-the-login-nonce-0000001";

    private static final RequestCorrelation PENDING = id -> id.equals(TestSamlResponses.REQUEST_ID)
            ? Optional.of(new RequestCorrelation.PendingRequest(
                    id,
                    TestSamlResponses.ACCOUNT,
                    TestSamlResponses.NOW.plusSeconds(300),
                    false,
                    null,
                    BrowserBindingValidator.hash(BROWSER)))
            : Optional.empty();

    private static final SamlResponseValidator VALIDATOR =
            new SamlResponseValidator(new SamlResponseDecoder(), Clock.fixed(TestSamlResponses.NOW, ZoneOffset.UTC));

    private static Genuine genuine(String name, TestSamlResponses.Builder builder) {
        return new Genuine(name, builder.xml(), builder.assertionId);
    }

    @FuzzTest(maxDuration = "10m")
    void mutatedGenuineResponse(FuzzedDataProvider data) {
        checkMutated(Choices.of(data));
    }

    @FuzzTest(maxDuration = "10m")
    void arbitrarySamlResponseField(byte[] data) {
        // the bytes as the form field itself, and as the XML document behind an honest base64 encoding
        refusedWithoutEscape(new String(data, StandardCharsets.ISO_8859_1));
        refusedWithoutEscape(Base64.getEncoder().encodeToString(data));
    }

    @Test
    void seededMutationSweep() {
        for (int i = 0; i < SWEEP_ITERATIONS; i++) {
            checkMutated(Choices.of(new Random(SWEEP_SEED + i)));
        }
        long accepted = OBSERVED.getOrDefault("accepted", new AtomicLong()).get();
        assertTrue(accepted > 0, "the sweep must include untouched genuine responses that are accepted");
        assertTrue(OBSERVED.size() > 5, () -> "the sweep should reach many rules, saw " + OBSERVED);
        RESULTS.record(
                "Seeded mutation sweep: " + SWEEP_ITERATIONS + " mutated genuine responses (seed " + SWEEP_SEED + ")",
                "no escape; refusals carry a stable code; an accepted response is the genuine login only",
                "outcomes " + OBSERVED,
                true);
    }

    @Test
    void genuineResponsesAreAccepted() {
        for (Genuine g : GENUINE) {
            ValidationOutcome outcome = VALIDATOR.validate(
                    TestSamlResponses.encode(g.xml()), EXPECTATIONS, PENDING, BROWSER, Mode.STOP_AT_FIRST_FAILURE);
            assertTrue(outcome.valid(), () -> g.name() + ": " + outcome.checks());
            assertEquals("jane.doe@acme.test", outcome.login().email());
        }
    }

    @AfterAll
    static void writeResults() {
        RESULTS.record(
                "Jazzer regression inputs (mutatedGenuineResponse, arbitrarySamlResponseField)",
                "no escape, no forged identity",
                "all seed inputs passed (a failure fails the build)",
                true);
        RESULTS.write();
    }

    private static void checkMutated(Choices c) {
        Genuine g = c.oneOf(GENUINE);
        String xml = SamlMutator.mutate(g.xml(), c, 4);
        String encoded = SamlMutator.encode(xml, c);
        ValidationOutcome acs = VALIDATOR.validate(encoded, EXPECTATIONS, PENDING, BROWSER, Mode.STOP_AT_FIRST_FAILURE);
        ValidationOutcome report = VALIDATOR.validate(encoded, EXPECTATIONS, PENDING, BROWSER, Mode.REPORT_ALL);
        wellFormed(acs);
        wellFormed(report);
        if (acs.valid() != report.valid()) {
            throw new AssertionError("ACS and Test Connection disagree: " + acs.checks() + " vs " + report.checks());
        }
        if (acs.valid()) {
            ValidatedLogin login = acs.login();
            boolean genuineLogin = TestSamlResponses.ACCOUNT.equals(login.accountId())
                    && "jane.doe@acme.test".equals(login.email())
                    && "jane.doe@acme.test".equals(login.nameId())
                    && g.assertionId().equals(login.assertionId())
                    && TestSamlResponses.IDP_ENTITY_ID.equals(login.issuer());
            if (!genuineLogin) {
                throw new AssertionError("a mutated response was accepted as another login: " + login);
            }
        }
        count(acs.valid() ? "accepted" : acs.code().code());
    }

    private static void refusedWithoutEscape(String samlResponse) {
        for (Mode mode : Mode.values()) {
            ValidationOutcome outcome = VALIDATOR.validate(samlResponse, EXPECTATIONS, PENDING, BROWSER, mode);
            wellFormed(outcome);
            if (outcome.valid()) {
                throw new AssertionError("arbitrary bytes were accepted as a signed login: " + outcome.login());
            }
        }
    }

    private static void wellFormed(ValidationOutcome outcome) {
        if (outcome == null || outcome.checks() == null || outcome.checks().isEmpty()) {
            throw new AssertionError("no outcome");
        }
        if (outcome.valid()) {
            if (outcome.checks().stream().anyMatch(CheckResult::failed)) {
                throw new AssertionError("a login was returned although a check failed: " + outcome.checks());
            }
            return;
        }
        ErrorCode code = outcome.code();
        if (code == null || code.category() == null) {
            throw new AssertionError("a refusal without a stable code: " + outcome.checks());
        }
    }

    private static synchronized void count(String key) {
        OBSERVED.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }
}
