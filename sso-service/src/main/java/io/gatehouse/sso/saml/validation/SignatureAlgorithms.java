package io.gatehouse.sso.saml.validation;

import java.util.Set;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

/** The algorithm allow-list: no algorithm policy applies by default in OpenSAML, so RSA-SHA1 and MD5 would verify. */
public final class SignatureAlgorithms {
    public static final Set<String> SIGNATURE = Set.of(
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256,
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA384,
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA512,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA384,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA512);
    public static final Set<String> DIGEST = Set.of(
            SignatureConstants.ALGO_ID_DIGEST_SHA256,
            SignatureConstants.ALGO_ID_DIGEST_SHA384,
            SignatureConstants.ALGO_ID_DIGEST_SHA512);
    public static final Set<String> CANONICALIZATION = Set.of(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);

    private SignatureAlgorithms() {}
}
