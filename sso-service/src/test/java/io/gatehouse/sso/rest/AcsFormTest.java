package io.gatehouse.sso.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatehouse.platform.problem.MalformedRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcsFormTest {
    private static AcsForm.Fields parse(String body) {
        return AcsForm.parse(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static String latin1(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aBrowserEncodedResponseComesBackByteForByte() {
        byte[] xml = new byte[12_000];
        new Random(7).nextBytes(xml);
        String base64 = Base64.getMimeEncoder().encodeToString(xml); // '+', '/', '=' and CRLF line breaks
        String relay = "/app/päge?x=1&y=2";
        AcsForm.Fields fields = parse("SAMLResponse=" + URLEncoder.encode(base64, StandardCharsets.UTF_8)
                + "&RelayState=" + URLEncoder.encode(relay, StandardCharsets.UTF_8));
        assertEquals(base64, latin1(fields.samlResponse()));
        assertEquals(relay, fields.relayState());
    }

    @Test
    void absentFieldsAreNullAndOtherFieldsAreIgnored() {
        AcsForm.Fields fields = parse("Signature=abc&SigAlg=x%2By");
        assertNull(fields.samlResponse());
        assertNull(fields.relayState());
        assertNull(parse("").samlResponse());
    }

    @Test
    void aFieldWithoutAValueIsEmptyAndEmptyPairsAreSkipped() {
        AcsForm.Fields fields = parse("&&SAMLResponse&RelayState=&");
        assertArrayEquals(new byte[0], fields.samlResponse());
        assertEquals("", fields.relayState());
    }

    @Test
    void plusIsASpaceAndNamesArePercentDecodedToo() {
        AcsForm.Fields fields = parse("SAML%52esponse=PH+g%2B&Relay%53tate=a+b");
        assertEquals("PH g+", latin1(fields.samlResponse()));
        assertEquals("a b", fields.relayState());
    }

    @Test
    void onlyTheFirstEqualsSignSplitsAPair() {
        assertEquals("PHg=", latin1(parse("SAMLResponse=PHg=").samlResponse()));
    }

    @Test
    void namesAreCaseSensitive() {
        assertNull(parse("samlresponse=PHg%3D").samlResponse());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SAMLResponse=PHg%2B&SAMLResponse=PHk%2B",
                "SAMLResponse=PHg%2B&SAML%52esponse=PHk%2B",
                "SAMLResponse=PHg%2B&RelayState=a&RelayState=b",
                "RelayState=&RelayState=",
                "SAMLResponse&SAMLResponse"
            })
    void aRepeatedFieldIsRefused(String body) {
        MalformedRequest e = assertThrows(MalformedRequest.class, () -> parse(body));
        assertEquals("a form field is repeated", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SAMLResponse=%zz",
                "SAMLResponse=abc%E",
                "SAMLResponse=abc%",
                "SAMLResponse=PHg%2B&RelayState=%%",
                "SAMLResponse=PHg%2B&Other=%G0",
                "SAML%2=PHg"
            })
    void invalidPercentEncodingIsRefused(String body) {
        assertThrows(MalformedRequest.class, () -> parse(body));
    }

    @Test
    void aRelayStateThatIsNotValidInTheCharsetIsRefused() {
        assertThrows(MalformedRequest.class, () -> parse("RelayState=%C3%28"));
        AcsForm.Fields latin1 =
                AcsForm.parse("RelayState=%E9t%E9".getBytes(StandardCharsets.US_ASCII), StandardCharsets.ISO_8859_1);
        assertEquals("été", latin1.relayState());
    }

    @Test
    void aSamlResponseThatIsNotValidInTheCharsetIsRefusedToo() {
        assertThrows(MalformedRequest.class, () -> parse("SAMLResponse=%C3%28"));
        // valid text but not base64: kept, for the decoder to refuse with the ACS's own error page
        assertArrayEquals(
                new byte[] {(byte) 0xC3, (byte) 0xA9},
                parse("SAMLResponse=%C3%A9").samlResponse());
    }
}
