package io.gatehouse.sso.saml.validation;

import io.gatehouse.sso.saml.Saml2;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.signature.XMLSignatureException;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * XML Signature on the Response and/or the Assertion (SAML core §5, profiles §4.1.3.5 / §4.1.4.5).
 * <ol>
 * <li>no configured certificate → fail closed ({@code no_certificate});</li>
 * <li>signatures may sit only on the Response and on the Assertion; the Assertion must be covered;</li>
 * <li>the SAML signature profile (one reference, to the whole document or to the parent's ID, which resolves to
 * the parent element itself; enveloped + exclusive c14n transforms only; no ds:Object) is checked on every
 * signature <em>before</em> any cryptography ({@code sig_profile}), the checks of OpenSAML's
 * {@code SAMLSignatureProfileValidator} on the DOM (ADR 0026);</li>
 * <li>the algorithm allow-list ({@code sig_alg}): RSA/ECDSA with SHA-256 or stronger, SHA-256+ digests,
 * exclusive c14n;</li>
 * <li>every present signature must verify with one of the account's configured keys (KeyInfo is ignored, it is
 * never trusted); a signature that only an expired certificate verifies is {@code certificate_expired}. Apache
 * Santuario checks the value and the reference's digest ({@code XMLSignature.checkSignatureValue}, secure
 * validation on).</li>
 * </ol>
 */
public final class SignatureValidator implements SamlRule {
    static final String NAME = "signature";

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
        Saml2.Response response = context.response();
        Saml2.Assertion assertion = context.assertion();
        List<Signed> signatures = new ArrayList<>(2);
        if (response.signature() != null) {
            signatures.add(new Signed(response.signature(), response.dom(), response.id()));
        }
        if (assertion.signature() != null) {
            signatures.add(new Signed(assertion.signature(), assertion.dom(), assertion.id()));
        }
        String scope = scope(response, assertion);
        int inDocument = context.document()
                .getElementsByTagNameNS(Saml2.DSIG_NS, "Signature")
                .getLength();
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
        for (Signed signature : signatures) {
            String violation;
            try {
                violation = profileViolation(signature);
            } catch (XMLSecurityException | RuntimeException e) {
                violation = "the signature's reference cannot be read: " + e.getMessage();
            }
            if (violation != null) {
                return fail(
                        ErrorCode.SIG_PROFILE,
                        "a SAML-profile signature referencing its parent's ID",
                        scope,
                        violation);
            }
        }
        for (Signed signature : signatures) {
            CheckResult algorithm = checkAlgorithms(signature);
            if (algorithm != null) {
                return algorithm;
            }
        }
        TrustedCertificate used = null;
        for (Signed signature : signatures) {
            Verification verification = verify(signature, expectations.certificates(), context.now());
            if (verification.result != null) {
                return verification.result;
            }
            used = verification.certificate;
        }
        context.responseSignatureVerified = response.signature() != null;
        context.assertionSignatureVerified = assertion.signature() != null;
        context.verifiedWith = used;
        return pass(
                "a valid signature by a configured certificate",
                scope + " signed, verified with certificate " + used.fingerprint());
    }

    /** A signature and the element it must sign (its parent, a Response or an Assertion). */
    private record Signed(Saml2.Signature signature, Element parent, String parentId) {
        XMLSignature xml() {
            return signature.xml();
        }
    }

    /**
     * The SAML profile of XML Signature (SAML core §5.4): exactly one Reference; its URI empty or {@code #} + the
     * parent's ID, resolving to the parent element itself; at most two transforms, the enveloped one among them, the
     * other exclusive c14n; no ds:Object. Null when the signature keeps to it.
     */
    private static String profileViolation(Signed signed) throws XMLSecurityException {
        XMLSignature xml = signed.xml();
        int references = xml.getSignedInfo().getLength();
        if (references != 1) {
            return "the SignedInfo has " + references + " References, the profile allows exactly 1";
        }
        Reference reference = xml.getSignedInfo().item(0);
        String uri = reference.getURI();
        if (uri != null && !uri.isEmpty()) {
            if (!uri.startsWith("#")) {
                return "the Reference URI is not a same-document fragment";
            }
            if (signed.parentId() == null) {
                return "the signed element has no ID";
            }
            if (!signed.parentId().equals(uri.substring(1))) {
                return "the Reference URI does not point to the parent's ID";
            }
            Element resolved = signed.parent().getOwnerDocument().getElementById(uri.substring(1));
            if (resolved == null || !resolved.isSameNode(signed.parent())) {
                return "the Reference URI does not resolve to the parent element";
            }
        }
        Transforms transforms = reference.getTransforms();
        if (transforms == null) {
            return "the Reference has no Transforms";
        }
        if (transforms.getLength() > 2) {
            return "the Reference has " + transforms.getLength() + " transforms, the profile allows 2";
        }
        boolean enveloped = false;
        for (int i = 0; i < transforms.getLength(); i++) {
            String transform = transforms.item(i).getURI();
            if (Transforms.TRANSFORM_ENVELOPED_SIGNATURE.equals(transform)) {
                enveloped = true;
            } else if (!Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS.equals(transform)
                    && !Transforms.TRANSFORM_C14N_EXCL_WITH_COMMENTS.equals(transform)) {
                return "the Reference has a transform the profile does not allow: " + transform;
            }
        }
        if (!enveloped) {
            return "the Reference lacks the enveloped-signature transform";
        }
        if (xml.getObjectLength() > 0) {
            return "the Signature carries ds:Object children";
        }
        return null;
    }

    private CheckResult checkAlgorithms(Signed signed) {
        XMLSignature signature = signed.xml();
        String method = signature.getSignedInfo().getSignatureMethodURI();
        if (!SignatureAlgorithms.SIGNATURE.contains(method)) {
            return fail(
                    ErrorCode.SIG_ALG,
                    "RSA-SHA256/384/512 or ECDSA-SHA256/384/512",
                    String.valueOf(method),
                    "signature algorithm not allowed");
        }
        String c14n = signature.getSignedInfo().getCanonicalizationMethodURI();
        if (!SignatureAlgorithms.CANONICALIZATION.contains(c14n)) {
            return fail(
                    ErrorCode.SIG_ALG,
                    "exclusive canonicalization",
                    String.valueOf(c14n),
                    "canonicalization algorithm not allowed");
        }
        NodeList digests = signed.signature().dom().getElementsByTagNameNS(Saml2.DSIG_NS, "DigestMethod");
        if (digests.getLength() == 0) {
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

    private Verification verify(Signed signature, List<TrustedCertificate> certificates, Instant now) {
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

    private static boolean verifies(Signed signature, X509Certificate certificate) {
        try {
            return signature.xml().checkSignatureValue(certificate.getPublicKey());
        } catch (XMLSignatureException | RuntimeException e) {
            return false;
        }
    }

    private static String scope(Saml2.Response response, Saml2.Assertion assertion) {
        boolean r = response.signature() != null;
        boolean a = assertion.signature() != null;
        return r && a ? "Response and Assertion" : r ? "Response" : a ? "Assertion" : "nothing";
    }
}
