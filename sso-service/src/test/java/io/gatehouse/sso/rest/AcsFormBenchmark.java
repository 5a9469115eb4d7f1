package io.gatehouse.sso.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.jboss.resteasy.reactive.common.util.URLUtils;
import org.junit.jupiter.api.Test;

/**
 * Not a test (no {@code *Test} name, surefire skips it): the ACS form's decoding step alone (ADR 0024), per body
 * of a 9-KB response (13.7 KB of percent-encoded base64), printed per round. "Framework" is the part of Quarkus
 * REST's form reading that can be called on its own (the field as text, {@code URLUtils.decode} into a
 * {@code String}, the bytes the decoder then took); its form parser's own pass over the body is not included, so the
 * difference is a lower bound. Run it explicitly:
 * {@code mvn -B -o -pl sso-service -am test -Dtest=AcsFormBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class AcsFormBenchmark {
    private static final int CALLS = 20_000;
    private static long sink;

    @Test
    void decodeTheFormField() {
        byte[] xml = new byte[9_000];
        new Random(1).nextBytes(xml);
        String base64 = Base64.getMimeEncoder().encodeToString(xml);
        String form =
                "SAMLResponse=" + URLEncoder.encode(base64, StandardCharsets.UTF_8) + "&RelayState=abcdefghijklmnop";
        byte[] body = form.getBytes(StandardCharsets.ISO_8859_1);
        int from = form.indexOf('=') + 1;
        int to = form.indexOf('&');
        for (int round = 0; round < 6; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                String raw = new String(body, from, to - from, StandardCharsets.ISO_8859_1);
                String value = URLUtils.decode(raw, StandardCharsets.UTF_8, true, new StringBuilder());
                sink += value.getBytes(StandardCharsets.ISO_8859_1).length;
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                sink += AcsForm.parse(body, StandardCharsets.UTF_8).samlResponse().length;
            }
            long t2 = System.nanoTime();
            System.out.printf(
                    "AcsFormBenchmark round %d: framework's decoding %.1f us, AcsForm %.1f us per %d-byte body%n",
                    round, (t1 - t0) / (CALLS * 1e3), (t2 - t1) / (CALLS * 1e3), body.length);
        }
        System.out.println("AcsFormBenchmark (ignore) " + sink);
    }
}
