package io.gatehouse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.Deflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness works: the signed responses validate, tampering is caught, the helpers compute what they claim. */
class HarnessSmokeTest {
    static Saml.IdpKey key;
    static final Saml.Login LOGIN = Saml.Login.gatehouse(
            "http://127.0.0.1:8081", "bench", "https://idp.bench.test/saml2/bench", "jane@bench.test", null);

    @BeforeAll
    static void keys() {
        key = Saml.IdpKey.generate("CN=smoke");
    }

    /** sso-service's own decoder and validator, as the JMH limit runs them. */
    AcsValidation validator(Saml.IdpKey trusted) {
        return new AcsValidation(trusted, LOGIN, "bench.test");
    }

    @Test
    void aSignedResponseValidatesAndYieldsItsNameId() throws Exception {
        String r = Saml.signedResponse(key, LOGIN, Instant.now());
        assertEquals("jane@bench.test", validator(key).validate(r));
    }

    @Test
    void aTamperedResponseIsRefused() {
        String xml = Saml.signedXml(key, LOGIN, Instant.now()).replace("jane@bench.test", "mallory@bench.test");
        String r = Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
        assertThrows(Exception.class, () -> validator(key).validate(r));
    }

    @Test
    void theRealValidatorNamesTheRuleThatRefused() {
        String r = Saml.signedResponse(
                key,
                new Saml.Login(
                        LOGIN.acsUrl(), "https://elsewhere.test/sp", LOGIN.idpEntityId(), "jane@bench.test", null),
                Instant.now());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> validator(key).validate(r));
        assertEquals("refused: audience", e.getMessage());
        String other = Saml.signedResponse(
                key,
                Saml.Login.gatehouse(
                        "http://127.0.0.1:8081", "bench", LOGIN.idpEntityId(), "jane@elsewhere.test", null),
                Instant.now());
        assertThrows(IllegalArgumentException.class, () -> validator(key).validate(other)); // not a verified domain
    }

    @Test
    void anotherKeyIsRefused() {
        String r = Saml.signedResponse(key, LOGIN, Instant.now());
        assertThrows(
                Exception.class,
                () -> validator(Saml.IdpKey.generate("CN=other")).validate(r));
    }

    @Test
    void inResponseToIsCarried() {
        String xml = Saml.signedXml(
                key,
                new Saml.Login(LOGIN.acsUrl(), LOGIN.spEntityId(), LOGIN.idpEntityId(), "a@bench.test", "_req-42"),
                Instant.now());
        assertTrue(xml.contains("InResponseTo=\"_req-42\""));
    }

    @Test
    void redirectBindingRequestsAreInflated() throws Exception {
        byte[] raw = "<samlp:AuthnRequest ID=\"_abc\"/>".getBytes(StandardCharsets.UTF_8);
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[256];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        assertEquals("<samlp:AuthnRequest ID=\"_abc\"/>", Logins.inflate(out.toByteArray()));
        assertEquals("a b", Logins.query("x=1&SAMLRequest=a+b").get("SAMLRequest"));
    }

    @Test
    void percentilesAreNearestRank() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i;
        }
        var s = Stats.summary(v);
        assertEquals(50.0, s.get("p50Ms"));
        assertEquals(99.0, s.get("p99Ms"));
        assertEquals(100.0, s.get("maxMs"));
    }
}
