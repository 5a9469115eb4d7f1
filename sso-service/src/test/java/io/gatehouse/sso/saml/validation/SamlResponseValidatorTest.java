package io.gatehouse.sso.saml.validation;

import static io.gatehouse.sso.saml.TestSamlResponses.ACCOUNT;
import static io.gatehouse.sso.saml.TestSamlResponses.NOW;
import static io.gatehouse.sso.saml.TestSamlResponses.REQUEST_ID;
import static io.gatehouse.sso.saml.TestSamlResponses.response;
import static io.gatehouse.sso.saml.validation.ValidationFixtures.SKEW;
import static io.gatehouse.sso.saml.validation.ValidationFixtures.expectations;
import static io.gatehouse.sso.saml.validation.ValidationFixtures.pending;
import static io.gatehouse.sso.saml.validation.ValidationFixtures.validate;
import static io.gatehouse.sso.saml.validation.ValidationFixtures.validateAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.sso.saml.TestKeys;
import io.gatehouse.sso.saml.TestSamlResponses;
import io.gatehouse.sso.saml.TestSamlResponses.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.SubjectConfirmation;

/** One test per rule of docs/design/saml-validation.md, named after the rule; every response is genuinely signed. */
class SamlResponseValidatorTest {

    private static void assertRejected(ValidationOutcome outcome, ErrorCode expected) {
        assertFalse(outcome.valid(), "expected a rejection with " + expected + " but the response was accepted");
        assertNull(outcome.login());
        assertEquals(expected, outcome.code(), () -> "checks: " + outcome.checks());
    }

    @Test
    void validateWhenAssertionSignedThenLoginReadFromAssertion() {
        ValidationOutcome outcome = validate(response().scope(Scope.ASSERTION).base64());
        assertTrue(outcome.valid(), () -> outcome.checks().toString());
        ValidatedLogin login = outcome.login();
        assertEquals("jane.doe@acme.test", login.email());
        assertEquals("Jane", login.firstName());
        assertEquals("Doe", login.lastName());
        assertEquals("jane.doe@acme.test", login.nameId());
        assertEquals(ACCOUNT, login.accountId());
        assertEquals(TestKeys.idp().fingerprint(), login.certificateFingerprint());
        assertEquals(NOW.plusSeconds(300).plus(SKEW), login.replayExpiresAt());
    }

    @Test
    void validateWhenResponseSignedThenValid() {
        ValidationOutcome outcome = validate(response().scope(Scope.RESPONSE).base64());
        assertTrue(outcome.valid(), () -> outcome.checks().toString());
    }

    @Test
    void validateWhenBothSignedThenValid() {
        ValidationOutcome outcome = validate(response().scope(Scope.BOTH).base64());
        assertTrue(outcome.valid(), () -> outcome.checks().toString());
    }

    @Test
    void validateWhenSignedWithRsaSha512ThenValid() {
        ValidationOutcome outcome = validate(response()
                .signatureAlgorithm("http://www.w3.org/2001/04/xmldsig-more#rsa-sha512")
                .digestAlgorithm("http://www.w3.org/2001/04/xmlenc#sha512")
                .base64());
        assertTrue(outcome.valid(), () -> outcome.checks().toString());
    }

    @Test
    void validateWhenVersionNot20ThenVersionError() {
        assertRejected(validate(response().version("1.1").base64()), ErrorCode.VERSION);
    }

    @Test
    void validateWhenAssertionVersionNot20ThenVersionError() {
        ValidationOutcome outcome =
                validate(response().assertionVersion("2.1").scope(Scope.BOTH).base64());
        assertRejected(outcome, ErrorCode.VERSION);
        assertEquals("2.1", outcome.firstFailure().orElseThrow().received());
    }

    @Test
    void validateWhenStatusNotSuccessThenStatusError() {
        assertRejected(validate(response().status(StatusCode.RESPONDER).base64()), ErrorCode.STATUS);
    }

    @Test
    void validateWhenResponseIssuerMismatchThenIssuerError() {
        assertRejected(
                validate(response().responseIssuer("https://evil.test/idp").base64()), ErrorCode.ISSUER);
    }

    @Test
    void validateWhenResponseIssuerAbsentThenValid() {
        assertTrue(validate(response().responseIssuer(null).base64()).valid());
    }

    @Test
    void validateWhenAssertionIssuerMismatchThenIssuerError() {
        assertRejected(
                validate(response().assertionIssuer("https://evil.test/idp").base64()), ErrorCode.ISSUER);
    }

    @Test
    void validateWhenAssertionIssuerMissingThenIssuerError() {
        assertRejected(validate(response().assertionIssuer(null).base64()), ErrorCode.ISSUER);
    }

    @Test
    void validateWhenDestinationMismatchThenDestinationError() {
        ValidationOutcome outcome =
                validate(response().destination("https://evil.test/acs").base64());
        assertRejected(outcome, ErrorCode.DESTINATION);
        CheckResult failure = outcome.firstFailure().orElseThrow();
        assertEquals(TestSamlResponses.acsUrl(ACCOUNT), failure.expected());
        assertEquals("https://evil.test/acs", failure.received());
    }

    @Test
    void validateWhenSignedResponseLacksDestinationThenDestinationError() {
        assertRejected(
                validate(response().scope(Scope.RESPONSE).destination(null).base64()), ErrorCode.DESTINATION);
    }

    @Test
    void validateWhenUnsignedResponseLacksDestinationThenValid() {
        assertTrue(validate(response().scope(Scope.ASSERTION).destination(null).base64())
                .valid());
    }

    @Test
    void validateWhenNoSignatureThenSigInvalidError() {
        assertRejected(validate(response().scope(Scope.NONE).base64()), ErrorCode.SIG_INVALID);
    }

    @Test
    void validateWhenSignedByUnknownKeyThenSigInvalidError() {
        assertRejected(validate(response().keys(TestKeys.attacker()).base64()), ErrorCode.SIG_INVALID);
    }

    @Test
    void validateWhenNoCertificateConfiguredThenNoCertificateError() {
        assertRejected(validate(response().base64(), expectations()), ErrorCode.NO_CERTIFICATE);
    }

    @Test
    void validateWhenSigningCertificateExpiredThenCertificateExpiredError() {
        TestKeys expired =
                TestKeys.generate("CN=expired", NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1)));
        assertRejected(
                validate(response().keys(expired).base64(), expectations(expired)), ErrorCode.CERTIFICATE_EXPIRED);
    }

    @Test
    void validateWhenSecondConfiguredCertificateSignsThenValid() {
        TestKeys rotated = TestKeys.otherAccount();
        ValidationOutcome outcome = validate(response().keys(rotated).base64(), expectations(TestKeys.idp(), rotated));
        assertTrue(outcome.valid(), () -> outcome.checks().toString());
        assertEquals(rotated.fingerprint(), outcome.login().certificateFingerprint());
    }

    @Test
    void validateWhenRsaSha1SignatureThenSigAlgError() {
        assertRejected(
                validate(response()
                        .signatureAlgorithm("http://www.w3.org/2000/09/xmldsig#rsa-sha1")
                        .base64()),
                ErrorCode.SIG_ALG);
    }

    @Test
    void validateWhenSha1DigestThenSigAlgError() {
        assertRejected(
                validate(response()
                        .digestAlgorithm("http://www.w3.org/2000/09/xmldsig#sha1")
                        .base64()),
                ErrorCode.SIG_ALG);
    }

    @Test
    void validateWhenInResponseToPendingThenValid() {
        RequestCorrelation correlation = pending(REQUEST_ID, ACCOUNT, NOW.plusSeconds(60), false);
        ValidationOutcome outcome = validate(
                response().inResponseTo(REQUEST_ID).base64(), expectations(false, TestKeys.idp()), correlation, NOW);
        assertTrue(outcome.valid(), () -> outcome.checks().toString());
        assertEquals(REQUEST_ID, outcome.login().inResponseTo());
    }

    @Test
    void validateWhenInResponseToUnknownThenCorrelationError() {
        assertRejected(
                validate(
                        response().inResponseTo("_unknown").base64(),
                        expectations(TestKeys.idp()),
                        pending(REQUEST_ID, ACCOUNT, NOW.plusSeconds(60), false),
                        NOW),
                ErrorCode.CORRELATION);
    }

    @Test
    void validateWhenInResponseToOfAnotherAccountThenCorrelationError() {
        assertRejected(
                validate(
                        response().inResponseTo(REQUEST_ID).base64(),
                        expectations(TestKeys.idp()),
                        pending(REQUEST_ID, "another-account", NOW.plusSeconds(60), false),
                        NOW),
                ErrorCode.CORRELATION);
    }

    @Test
    void validateWhenInResponseToAlreadyUsedThenCorrelationError() {
        assertRejected(
                validate(
                        response().inResponseTo(REQUEST_ID).base64(),
                        expectations(TestKeys.idp()),
                        pending(REQUEST_ID, ACCOUNT, NOW.plusSeconds(60), true),
                        NOW),
                ErrorCode.CORRELATION);
    }

    @Test
    void validateWhenInResponseToExpiredThenCorrelationError() {
        assertRejected(
                validate(
                        response().inResponseTo(REQUEST_ID).base64(),
                        expectations(TestKeys.idp()),
                        pending(REQUEST_ID, ACCOUNT, NOW, false),
                        NOW),
                ErrorCode.CORRELATION);
    }

    @Test
    void validateWhenSpInitiatedWithoutTheLoginCookieThenBrowserBindingError() {
        assertRejected(
                ValidationFixtures.validateFrom(
                        null,
                        response().inResponseTo(REQUEST_ID).base64(),
                        expectations(TestKeys.idp()),
                        pending(REQUEST_ID, ACCOUNT, NOW.plusSeconds(60), false),
                        NOW),
                ErrorCode.BROWSER_BINDING);
        assertRejected(
                ValidationFixtures.validateFrom(
                        "",
                        response().inResponseTo(REQUEST_ID).base64(),
                        expectations(TestKeys.idp()),
                        pending(REQUEST_ID, ACCOUNT, NOW.plusSeconds(60), false),
                        NOW),
                ErrorCode.BROWSER_BINDING);
    }

    @Test
    void validateWhenSpInitiatedFromAnotherBrowserThenBrowserBindingError() {
        assertRejected(
                ValidationFixtures.validateFrom(
                        "the-attacker-browser-nonce-000000000000000001",
                        response().inResponseTo(REQUEST_ID).base64(),
                        expectations(TestKeys.idp()),
                        pending(REQUEST_ID, ACCOUNT, NOW.plusSeconds(60), false),
                        NOW),
                ErrorCode.BROWSER_BINDING);
    }

    @Test
    void validateWhenSpInitiatedRequestWasNotBoundThenBrowserBindingError() {
        RequestCorrelation unbound = ValidationFixtures.request(
                new RequestCorrelation.PendingRequest(REQUEST_ID, ACCOUNT, NOW.plusSeconds(60), false, null, null));
        assertRejected(
                validate(response().inResponseTo(REQUEST_ID).base64(), expectations(TestKeys.idp()), unbound, NOW),
                ErrorCode.BROWSER_BINDING);
    }

    @Test
    void validateWhenTestConnectionRequestThenNoBrowserBindingIsRequired() {
        RequestCorrelation test = ValidationFixtures.request(new RequestCorrelation.PendingRequest(
                REQUEST_ID, ACCOUNT, NOW.plusSeconds(60), false, "6f1c1a5e-0000-4000-8000-000000000001", null));
        ValidationOutcome outcome = ValidationFixtures.validateFrom(
                null, response().inResponseTo(REQUEST_ID).base64(), expectations(TestKeys.idp()), test, NOW);
        assertTrue(outcome.valid(), () -> outcome.checks().toString());
    }

    @Test
    void validateWhenIdpInitiatedThenNoLoginCookieIsNeeded() {
        ValidationOutcome outcome = ValidationFixtures.validateFrom(
                null, response().base64(), expectations(true, TestKeys.idp()), RequestCorrelation.NONE, NOW);
        assertTrue(outcome.valid(), () -> outcome.checks().toString());
        assertTrue(outcome.checks().stream().anyMatch(c -> c.check().equals("browser_binding") && c.passed()));
    }

    @Test
    void validateWhenUnsolicitedAndIdpInitiatedDisallowedThenCorrelationError() {
        assertRejected(validate(response().base64(), expectations(false, TestKeys.idp())), ErrorCode.CORRELATION);
    }

    @Test
    void validateWhenIssueInstantTooOldThenTimeError() {
        assertRejected(
                validate(response()
                        .issueInstant(NOW.minus(Duration.ofMinutes(8)))
                        .base64()),
                ErrorCode.TIME);
    }

    @Test
    void validateWhenIssueInstantInFutureBeyondSkewThenTimeError() {
        assertRejected(
                validate(response().issueInstant(NOW.plus(SKEW).plusSeconds(1)).base64()), ErrorCode.TIME);
    }

    @Test
    void validateWhenNotBeforeAtSkewThenValid() {
        Instant notBefore = NOW.plus(SKEW);
        assertTrue(validate(response().notBefore(notBefore).base64()).valid());
    }

    @Test
    void validateWhenNotBeforePastSkewThenTimeError() {
        assertRejected(
                validate(response().notBefore(NOW.plus(SKEW).plusSeconds(1)).base64()), ErrorCode.TIME);
    }

    @Test
    void validateWhenNotOnOrAfterJustInsideSkewThenValid() {
        String xml = response()
                .notOnOrAfter(NOW.plusSeconds(60))
                .confirmationNotOnOrAfter(NOW.plusSeconds(60))
                .base64();
        assertTrue(
                validateAt(xml, NOW.plusSeconds(60).plus(SKEW).minusSeconds(1)).valid());
    }

    @Test
    void validateWhenNotOnOrAfterAtSkewThenTimeError() {
        String xml = response()
                .notOnOrAfter(NOW.plusSeconds(60))
                .confirmationNotOnOrAfter(NOW.plusSeconds(600))
                .base64();
        assertRejected(validateAt(xml, NOW.plusSeconds(60).plus(SKEW)), ErrorCode.TIME);
    }

    @Test
    void validateWhenConditionsMissingThenTimeError() {
        assertRejected(validate(response().conditions(false).base64()), ErrorCode.TIME);
    }

    @Test
    void validateWhenAudienceMismatchThenAudienceError() {
        ValidationOutcome outcome = validate(
                response().audiences(List.of(List.of("https://other.test/sp"))).base64());
        assertRejected(outcome, ErrorCode.AUDIENCE);
        assertEquals(
                "https://other.test/sp", outcome.firstFailure().orElseThrow().received());
    }

    @Test
    void validateWhenOneOfTwoAudienceRestrictionsMissesUsThenAudienceError() {
        String sp = TestSamlResponses.spEntityId(ACCOUNT);
        assertRejected(
                validate(response()
                        .audiences(List.of(List.of(sp), List.of("https://other.test/sp")))
                        .base64()),
                ErrorCode.AUDIENCE);
    }

    @Test
    void validateWhenAudienceAmongSeveralThenValid() {
        String sp = TestSamlResponses.spEntityId(ACCOUNT);
        assertTrue(validate(response()
                        .audiences(List.of(List.of("https://other.test/sp", sp)))
                        .base64())
                .valid());
    }

    @Test
    void validateWhenNoAudienceRestrictionThenAudienceError() {
        assertRejected(validate(response().audiences(List.of()).base64()), ErrorCode.AUDIENCE);
    }

    @Test
    void validateWhenOneTimeUseThenValid() {
        assertTrue(validate(response().oneTimeUse(true).base64()).valid());
    }

    @Test
    void validateWhenBearerConfirmationMissingThenSubjectError() {
        assertRejected(validate(response().subjectConfirmation(false).base64()), ErrorCode.SUBJECT);
    }

    @Test
    void validateWhenConfirmationMethodNotBearerThenSubjectError() {
        assertRejected(
                validate(response()
                        .confirmationMethod(SubjectConfirmation.METHOD_HOLDER_OF_KEY)
                        .base64()),
                ErrorCode.SUBJECT);
    }

    @Test
    void validateWhenRecipientMismatchThenSubjectError() {
        assertRejected(validate(response().recipient("https://evil.test/acs").base64()), ErrorCode.SUBJECT);
    }

    @Test
    void validateWhenConfirmationExpiredThenTimeError() {
        assertRejected(
                validate(response().confirmationNotOnOrAfter(NOW.minus(SKEW)).base64()), ErrorCode.TIME);
    }

    @Test
    void validateWhenBearerConfirmationHasNotBeforeThenSubjectError() {
        // profiles §4.1.4.2: the bearer SubjectConfirmationData MUST NOT contain NotBefore, even a reached one
        assertRejected(
                validate(response().confirmationNotBefore(NOW.minusSeconds(10)).base64()), ErrorCode.SUBJECT);
    }

    @Test
    void validateWhenConfirmationInResponseToDiffersThenCorrelationError() {
        RequestCorrelation correlation = pending(REQUEST_ID, ACCOUNT, NOW.plusSeconds(60), false);
        assertRejected(
                validate(
                        response()
                                .inResponseTo(REQUEST_ID)
                                .confirmationInResponseTo("_other")
                                .base64(),
                        expectations(TestKeys.idp()),
                        correlation,
                        NOW),
                ErrorCode.CORRELATION);
    }

    @Test
    void validateWhenAuthnStatementMissingThenStructureError() {
        assertRejected(validate(response().authnStatement(false).base64()), ErrorCode.STRUCTURE);
    }

    @Test
    void validateWhenNameIdMissingThenSubjectError() {
        assertRejected(validate(response().nameId(null).base64()), ErrorCode.SUBJECT);
    }

    @Test
    void validateWhenNameIdBlankThenSubjectError() {
        assertRejected(validate(response().nameId(" ").base64()), ErrorCode.SUBJECT);
    }

    @Test
    void validateWhenEmailAttributeMissingThenAttributeMissingError() {
        ValidationOutcome outcome = validate(response()
                .withoutAttribute("email")
                .attribute("mail", "jane@acme.test")
                .base64());
        assertRejected(outcome, ErrorCode.ATTRIBUTE_MISSING);
        assertTrue(outcome.firstFailure().orElseThrow().received().contains("mail"));
    }

    @Test
    void validateWhenEmailAttributeNotAnEmailThenAttributeInvalidError() {
        assertRejected(validate(response().email("not an email").base64()), ErrorCode.ATTRIBUTE_INVALID);
    }

    @Test
    void validateWhenEmailAttributeMultiValuedThenAttributeInvalidError() {
        assertRejected(
                validate(response()
                        .attribute("email", "a@acme.test", "b@acme.test")
                        .base64()),
                ErrorCode.ATTRIBUTE_INVALID);
    }

    @Test
    void validateWhenFirstNameMultiValuedThenAttributeInvalidError() {
        assertRejected(validate(response().attribute("firstName", "A", "B").base64()), ErrorCode.ATTRIBUTE_INVALID);
    }

    @Test
    void validateWhenNamesMissingThenValidWithoutNames() {
        ValidationOutcome outcome = validate(response()
                .withoutAttribute("firstName")
                .withoutAttribute("lastName")
                .base64());
        assertTrue(outcome.valid());
        assertNull(outcome.login().firstName());
    }

    @Test
    void validateWhenEmailNameIdDiffersFromEmailAttributeThenEmailMismatchError() {
        ValidationOutcome outcome = validate(response()
                .nameId("mallory@acme.test")
                .email("jane.doe@acme.test")
                .base64());
        assertRejected(outcome, ErrorCode.EMAIL_MISMATCH);
        assertEquals(ErrorCategory.ATTRIBUTE_MAPPING_ERROR, outcome.code().category());
    }

    @Test
    void validateWhenEmailNameIdDiffersOnlyInCaseThenValid() {
        assertTrue(validate(response()
                        .nameId("JANE.DOE@ACME.TEST")
                        .email("jane.doe@acme.test")
                        .base64())
                .valid());
    }

    @Test
    void validateWhenNameIdIsNotEmailFormatThenNoAgreementIsRequired() {
        assertTrue(validate(response()
                        .nameIdFormat(org.opensaml.saml.saml2.core.NameIDType.PERSISTENT)
                        .nameId("00u1abcd")
                        .email("jane.doe@acme.test")
                        .base64())
                .valid());
    }

    @Test
    void validateWhenEmailOutsideTheVerifiedDomainsThenEmailDomainError() {
        ValidationOutcome outcome = validate(response()
                .nameId("ceo@other-customer.test")
                .email("ceo@other-customer.test")
                .base64());
        assertRejected(outcome, ErrorCode.EMAIL_DOMAIN);
        assertEquals(ErrorCategory.USER_NOT_RECOGNIZED, outcome.code().category());
    }

    @Test
    void validateWhenEmailInASubdomainOfAVerifiedDomainThenEmailDomainError() {
        assertRejected(
                validate(response()
                        .nameId("jane@eu.acme.test")
                        .email("jane@eu.acme.test")
                        .base64()),
                ErrorCode.EMAIL_DOMAIN);
    }

    @Test
    void validateWhenOtherDomainsAllowedThenForeignEmailValid() {
        ValidationOutcome outcome = validate(
                response()
                        .nameId("ceo@other-customer.test")
                        .email("ceo@other-customer.test")
                        .base64(),
                expectations(true, true, TestKeys.idp()));
        assertTrue(outcome.valid(), () -> outcome.checks().toString());
        assertEquals("ceo@other-customer.test", outcome.login().email());
    }

    @Test
    void validateInReportModeThenEveryMismatchIsListed() {
        var validator = new SamlResponseValidator(
                new io.gatehouse.sso.saml.SamlResponseDecoder(), java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
        ValidationOutcome outcome = validator.validate(
                response()
                        .destination("https://x.test/acs")
                        .audiences(List.of(List.of("https://x.test/sp")))
                        .base64(),
                expectations(TestKeys.idp()),
                RequestCorrelation.NONE,
                SamlResponseValidator.Mode.REPORT_ALL);
        List<ErrorCode> codes = outcome.checks().stream()
                .filter(CheckResult::failed)
                .map(CheckResult::code)
                .toList();
        assertEquals(List.of(ErrorCode.DESTINATION, ErrorCode.AUDIENCE), codes);
        assertEquals(Duration.ofSeconds(-1), outcome.clockOffset());
        assertFalse(outcome.valid());
    }

    @Test
    void errorCodesHaveSnakeCaseNamesAndTheDocumentedCategories() {
        assertEquals("sig_invalid", ErrorCode.SIG_INVALID.code());
        assertEquals(ErrorCategory.CERTIFICATE_ERROR, ErrorCode.CERTIFICATE_EXPIRED.category());
        assertEquals(ErrorCategory.RESPONSE_ISSUE, ErrorCode.REPLAY.category());
        assertEquals(ErrorCategory.ATTRIBUTE_MAPPING_ERROR, ErrorCode.ATTRIBUTE_MISSING.category());
        assertEquals(ErrorCategory.USER_NOT_RECOGNIZED, ErrorCode.USER_REVOKED.category());
        assertEquals(ErrorCategory.RESPONSE_ISSUE, ErrorCode.BROWSER_BINDING.category());
        assertEquals("browser_binding", ErrorCode.BROWSER_BINDING.code());
        assertEquals("version", ErrorCode.VERSION.code());
        assertEquals("email_mismatch", ErrorCode.EMAIL_MISMATCH.code());
        assertEquals("email_domain", ErrorCode.EMAIL_DOMAIN.code());
        assertEquals(ErrorCategory.PLAN_NOT_AVAILABLE, ErrorCode.PLAN.category());
        assertEquals(26, ErrorCode.values().length);
    }
}
