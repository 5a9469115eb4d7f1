package io.gatehouse.bench;

import io.gatehouse.sso.saml.SamlResponseDecoder;
import io.gatehouse.sso.saml.validation.ConnectionExpectations;
import io.gatehouse.sso.saml.validation.RequestCorrelation;
import io.gatehouse.sso.saml.validation.SamlResponseValidator;
import io.gatehouse.sso.saml.validation.TrustedCertificate;
import io.gatehouse.sso.saml.validation.ValidationOutcome;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The single-thread limit the ACS is compared with: sso-service's own {@link SamlResponseDecoder} (strict base64,
 * size cap, hardened parse, duplicate-ID refusal, unmarshal) and {@link SamlResponseValidator} (every rule, in the
 * ACS's order, stopping at the first failure) on the response the ACS gets, with the expectations the ACS builds for
 * the benchmark's account (its IdP Entity ID, SP Entity ID, ACS URL, the driver's certificate, IdP-initiated allowed,
 * 120 s skew, 5 min maximum age, the account's verified domain). What it leaves out is the ACS's I/O: the
 * connection snapshot, the AuthnRequest and replay rows, the session and the outbox event.
 */
final class AcsValidation {
    private final SamlResponseValidator validator;
    private final ConnectionExpectations expectations;

    AcsValidation(Saml.IdpKey trusted, Saml.Login login, String verifiedDomain) {
        this.validator = new SamlResponseValidator(
                new SamlResponseDecoder(SamlResponseDecoder.DEFAULT_MAX_ENCODED_LENGTH), Clock.systemUTC());
        this.expectations = new ConnectionExpectations(
                "bench",
                login.idpEntityId(),
                login.spEntityId(),
                login.acsUrl(),
                List.of(new TrustedCertificate(trusted.certificate(), fingerprint(trusted))),
                true,
                Duration.ofSeconds(120),
                Duration.ofMinutes(5),
                Set.of(verifiedDomain),
                false);
    }

    /** Validates as the ACS does; returns the NameID (so the work cannot be optimised away), throws with the code. */
    String validate(String base64) {
        ValidationOutcome outcome = validator.validate(
                base64, expectations, RequestCorrelation.NONE, null, SamlResponseValidator.Mode.STOP_AT_FIRST_FAILURE);
        if (!outcome.valid()) {
            throw new IllegalArgumentException("refused: " + outcome.code().code());
        }
        return outcome.login().nameId();
    }

    private static String fingerprint(Saml.IdpKey key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(key.certificate().getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
