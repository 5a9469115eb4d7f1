package io.gatehouse.sso.rest;

import io.gatehouse.platform.problem.MalformedRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The ACS's {@code application/x-www-form-urlencoded} body, read in one pass over its bytes (ADR 0024). The
 * {@code SAMLResponse} value (8–48 KB of base64 on every login) is percent-decoded straight into bytes, which is all
 * the decoder needs, instead of becoming a {@code String} first; {@code RelayState} becomes text in the request's
 * charset (UTF-8 unless the Content-Type names another). Other fields are ignored, as the framework's form reading
 * ignored them.
 *
 * <p>Refused with {@link MalformedRequest} (400) exactly where the framework refused: a {@code %} not followed by two
 * hex digits, a {@code SAMLResponse} or {@code RelayState} value that is not valid in the charset, and (issue 15 point 7) a field that appears twice. Names are
 * percent-decoded too, so {@code SAML%52esponse} is the field {@code SAMLResponse}; {@code +} is a space.
 */
final class AcsForm {
    private static final byte[] SAML_RESPONSE_NAME = "SAMLResponse".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RELAY_STATE_NAME = "RelayState".getBytes(StandardCharsets.US_ASCII);

    /**
     * @param samlResponse the percent-decoded bytes of the {@code SAMLResponse} value, or null when absent
     * @param relayState   the {@code RelayState} value, or null when absent
     */
    record Fields(byte[] samlResponse, String relayState) {}

    private AcsForm() {}

    static Fields parse(byte[] body, Charset charset) {
        byte[] samlResponse = null;
        String relayState = null;
        boolean sawRelayState = false;
        int length = body == null ? 0 : body.length;
        int start = 0;
        while (start < length) {
            int end = indexOf(body, (byte) '&', start, length);
            int equals = indexOf(body, (byte) '=', start, end);
            int valueStart = equals < end ? equals + 1 : end;
            if (end > start) { // "&&" is an empty pair, skipped
                byte[] name = decode(body, start, equals);
                if (Arrays.equals(name, SAML_RESPONSE_NAME)) {
                    if (samlResponse != null) {
                        throw new MalformedRequest("a form field is repeated");
                    }
                    samlResponse = decode(body, valueStart, end);
                    if (!ascii(samlResponse)) {
                        text(samlResponse, charset); // not base64 either way, but refused as the framework did
                    }
                } else if (Arrays.equals(name, RELAY_STATE_NAME)) {
                    if (sawRelayState) {
                        throw new MalformedRequest("a form field is repeated");
                    }
                    sawRelayState = true;
                    relayState = text(decode(body, valueStart, end), charset);
                } else {
                    decode(body, start, end); // another field is ignored, but must still be well-formed
                }
            }
            start = end + 1;
        }
        return new Fields(samlResponse, relayState);
    }

    private static int indexOf(byte[] body, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] == b) {
                return i;
            }
        }
        return to;
    }

    /** {@code body[from, to)} with {@code %XX} as the byte XX and {@code +} as a space. */
    private static byte[] decode(byte[] body, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '%') {
                if (i + 2 >= to) {
                    throw new MalformedRequest("invalid percent-encoding in a form field");
                }
                int high = Character.digit(body[i + 1], 16);
                int low = Character.digit(body[i + 2], 16);
                if (high < 0 || low < 0) {
                    throw new MalformedRequest("invalid percent-encoding in a form field");
                }
                out[n++] = (byte) (high << 4 | low);
                i += 2;
            } else {
                out[n++] = b == '+' ? (byte) ' ' : b;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRequest("a form field is not valid in the request's charset");
        }
    }
}
