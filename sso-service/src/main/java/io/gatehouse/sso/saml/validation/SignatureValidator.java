package io.gatehouse.sso.saml.validation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * XML Signature on the Response and/or the Assertion (SAML core §5, profiles §4.1.3.5 / §4.1.4.5).
 * <ol>
 * <li>no configured certificate → fail closed ({@code no_certificate});</li>
 * <li>signatures may sit only on the Response and on the Assertion; the Assertion must be covered;</li>
 * <li>the SAML signature profile (reference = the parent's ID, enveloped + exclusive c14n transforms) is checked
 * on every signature <em>before</em> any cryptography ({@code sig_profile});</li>
 * <li>the algorithm allow-list ({@code sig_alg}): RSA/ECDSA with SHA-256 or stronger, SHA-256+ digests,
 * exclusive c14n;</li>
 * <li>every present signature must verify with one of the account's configured keys (KeyInfo is ignored, it is
 * never trusted); a signature that only an expired certificate verifies is {@code certificate_expired}.</li>
 * </ol>
 */
public final class SignatureValidator implements SamlRule {
    static final String NAME = "signature";

    private static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult validate(ValidationContext context) {
        ConnectionExpectations expectations = context.expectations();
        if (expectations.certificates().isEmpty()) {
            return fail(
                    ErrorCode.NO_CERTIFICATE,
                    "an IdP certificate configured for the account",
                    "none",
                    "the account has no IdP certificate; logins fail closed");
        }
        Response response = context.response();
        Assertion assertion = context.assertion();
        List<Signature> signatures = new ArrayList<>();
        if (response.getSignature() != null) {
            signatures.add(response.getSignature());
        }
        if (assertion.getSignature() != null) {
            signatures.add(assertion.getSignature());
        }
        String scope = scope(response, assertion);
        int inDocument =
                context.document().getElementsByTagNameNS(DSIG_NS, "Signature").getLength();
        if (inDocument != signatures.size()) {
            return fail(
                    ErrorCode.SIG_PROFILE,
                    "signatures only on the Response and the Assertion",
                    inDocument + " signatures in the document, " + signatures.size() + " on Response/Assertion",
                    "a signature sits somewhere unexpected");
        }
        if (signatures.isEmpty()) {
            return fail(
                    ErrorCode.SIG_INVALID,
                    "a signed Assertion or Response",
                    "unsigned",
                    "no signature covers the Assertion");
        }
        SAMLSignatureProfileValidator profile = new SAMLSignatureProfileValidator();
        for (Signature signature : signatures) {
            try {
                profile.validate(signature);
            } catch (SignatureException | RuntimeException e) {
                return fail(
                        ErrorCode.SIG_PROFILE,
                        "a SAML-profile signature referencing its parent's ID",
                        scope,
                        String.valueOf(e.getMessage()));
            }
        }
        for (Signature signature : signatures) {
            CheckResult algorithm = checkAlgorithms(signature);
            if (algorithm != null) {
                return algorithm;
            }
        }
        TrustedCertificate used = null;
        for (Signature signature : signatures) {
            Verification verification = verify(signature, expectations.certificates(), context.now());
            if (verification.result != null) {
                return verification.result;
            }
            used = verification.certificate;
        }
        context.responseSignatureVerified = response.getSignature() != null;
        context.assertionSignatureVerified = assertion.getSignature() != null;
        context.verifiedWith = used;
        return pass(
                "a valid signature by a configured certificate",
                scope + " signed, verified with certificate " + used.fingerprint());
    }

    private CheckResult checkAlgorithms(Signature signature) {
        String method = signature.getSignatureAlgorithm();
        if (!SignatureAlgorithms.SIGNATURE.contains(method)) {
            return fail(
                    ErrorCode.SIG_ALG,
                    "RSA-SHA256/384/512 or ECDSA-SHA256/384/512",
                    String.valueOf(method),
                    "signature algorithm not allowed");
        }
        String c14n = signature.getCanonicalizationAlgorithm();
        if (!SignatureAlgorithms.CANONICALIZATION.contains(c14n)) {
            return fail(
                    ErrorCode.SIG_ALG,
                    "exclusive canonicalization",
                    String.valueOf(c14n),
                    "canonicalization algorithm not allowed");
        }
        Element dom = signature.getDOM();
        NodeList digests = dom == null ? null : dom.getElementsByTagNameNS(DSIG_NS, "DigestMethod");
        if (digests == null || digests.getLength() == 0) {
            return fail(ErrorCode.SIG_PROFILE, "a Reference with a DigestMethod", "none", "no digest method");
        }
        for (int i = 0; i < digests.getLength(); i++) {
            String digest = ((Element) digests.item(i)).getAttribute("Algorithm");
            if (!SignatureAlgorithms.DIGEST.contains(digest)) {
                return fail(
                        ErrorCode.SIG_ALG,
                        "SHA-256, SHA-384 or SHA-512 digest",
                        digest,
                        "digest algorithm not allowed");
            }
        }
        return null;
    }

    private record Verification(TrustedCertificate certificate, CheckResult result) {}

    private Verification verify(Signature signature, List<TrustedCertificate> certificates, Instant now) {
        TrustedCertificate expiredMatch = null;
        for (TrustedCertificate trusted : certificates) {
            X509Certificate certificate = trusted.certificate();
            boolean valid = !now.isAfter(certificate.getNotAfter().toInstant())
                    && !now.isBefore(certificate.getNotBefore().toInstant());
            if (!verifies(signature, certificate)) {
                continue;
            }
            if (valid) {
                return new Verification(trusted, null);
            }
            expiredMatch = trusted;
        }
        if (expiredMatch != null) {
            return new Verification(
                    null,
                    fail(
                            ErrorCode.CERTIFICATE_EXPIRED,
                            "a certificate valid now (not after " + now + ")",
                            "certificate " + expiredMatch.fingerprint() + " valid until "
                                    + expiredMatch.certificate().getNotAfter().toInstant(),
                            "the signing certificate has expired"));
        }
        return new Verification(
                null,
                fail(
                        ErrorCode.SIG_INVALID,
                        "a signature by one of " + certificates.size() + " configured certificate(s)",
                        "a signature no configured certificate verifies",
                        "the signature is invalid"));
    }

    private static boolean verifies(Signature signature, X509Certificate certificate) {
        try {
            org.opensaml.xmlsec.signature.support.SignatureValidator.validate(
                    signature, new BasicX509Credential(certificate));
            return true;
        } catch (SignatureException | RuntimeException e) {
            return false;
        }
    }

    private static String scope(Response response, Assertion assertion) {
        boolean r = response.getSignature() != null;
        boolean a = assertion.getSignature() != null;
        return r && a ? "Response and Assertion" : r ? "Response" : a ? "Assertion" : "nothing";
    }
}
