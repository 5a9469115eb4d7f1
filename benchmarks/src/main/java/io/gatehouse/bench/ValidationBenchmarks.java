package io.gatehouse.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The single-thread limits the ACS is compared with. Options (forks, warm-up, heap) are set by {@link JmhLimits}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ValidationBenchmarks {
    static final String SP = "http://127.0.0.1:8081";
    static final String ACCOUNT = "bench";
    static final String IDP = "https://idp.bench.test/saml2/bench";
    static final String DOMAIN = "bench.test";

    /**
     * 64 distinct genuinely signed responses of the kind the load driver posts to the ACS, validated round-robin by
     * sso-service's own decoder and validator ({@link AcsValidation}).
     */
    @State(Scope.Thread)
    public static class Responses {
        AcsValidation validator;
        String[] responses;
        int next;
        int bytes;

        @Setup(Level.Trial)
        public void setUp() {
            Saml.IdpKey key = Saml.IdpKey.generate("CN=bench IdP");
            responses = new String[64];
            for (int i = 0; i < responses.length; i++) {
                responses[i] = Saml.signedResponse(
                        key, Saml.Login.gatehouse(SP, ACCOUNT, IDP, "user" + i + "@" + DOMAIN, null), Instant.now());
            }
            validator = new AcsValidation(key, Saml.Login.gatehouse(SP, ACCOUNT, IDP, "any@" + DOMAIN, null), DOMAIN);
            validator.validate(responses[0]); // refuses loudly if the fixture and the expectations disagree
            bytes = responses[0].length();
        }
    }

    /** RSA-2048 SHA-256 verification of a SignedInfo-sized message. */
    @State(Scope.Thread)
    public static class Rsa {
        java.security.Signature verifier;
        java.security.PublicKey publicKey;
        byte[] data;
        byte[] signature;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            Saml.IdpKey key = Saml.IdpKey.generate("CN=rsa bench");
            data = new byte[600];
            new SecureRandom().nextBytes(data);
            java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA");
            signer.initSign(key.keyPair().getPrivate());
            signer.update(data);
            signature = signer.sign();
            publicKey = key.keyPair().getPublic();
            verifier = java.security.Signature.getInstance("SHA256withRSA");
            "warm".getBytes(StandardCharsets.UTF_8);
        }
    }

    @Benchmark
    public String samlResponseValidation(Responses state) {
        String r = state.responses[state.next];
        state.next = (state.next + 1) & 63;
        return state.validator.validate(r);
    }

    @Benchmark
    public boolean rsa2048Sha256Verify(Rsa state) throws Exception {
        state.verifier.initVerify(state.publicKey);
        state.verifier.update(state.data);
        return state.verifier.verify(state.signature);
    }
}
