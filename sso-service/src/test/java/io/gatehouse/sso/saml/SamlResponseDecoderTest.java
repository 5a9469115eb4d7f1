package io.gatehouse.sso.saml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one-pass strict base64 check of the SAMLResponse form value (step 1 of docs/design/saml-validation.md). */
class SamlResponseDecoderTest {
    /** The two regular expressions the one-pass check replaced: the reference for its behaviour. */
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");

    private static final Pattern WHITESPACE = Pattern.compile("[ \\t\\r\\n]");

    private static byte[] reference(String encoded) {
        String compact = WHITESPACE.matcher(encoded).replaceAll("");
        if (compact.isEmpty()
                || compact.length() % 4 != 0
                || !BASE64.matcher(compact).matches()) {
            return null;
        }
        return compact.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void strictBase64WhenWrappedWithSpacesTabsAndLineBreaksThenTheyAreDropped() {
        assertArrayEquals(
                "PHNhbWw+PC9zYW1sPg==".getBytes(StandardCharsets.US_ASCII),
                SamlResponseDecoder.strictBase64(" PHNh\r\nbWw+\tPC9z YW1s\nPg== "));
    }

    @Test
    void strictBase64WhenPaddingIsMisplacedOrTooLongThenRefused() {
        assertNull(SamlResponseDecoder.strictBase64("AB=C"));
        assertNull(SamlResponseDecoder.strictBase64("A==="));
        assertNull(SamlResponseDecoder.strictBase64("===="));
    }

    @Test
    void strictBase64WhenOtherAlphabetOrWhitespaceThenRefused() {
        assertNull(SamlResponseDecoder.strictBase64("PHNhbWw-")); // URL-safe alphabet
        assertNull(SamlResponseDecoder.strictBase64("PHNh\fbWw+")); // form feed is not a line break
        assertNull(SamlResponseDecoder.strictBase64("PHNh\u00a0bWw+")); // no-break space
        assertNull(SamlResponseDecoder.strictBase64("PHNhbWé+"));
        // above U+00FF, even where the low byte is a base64 character (U+0141: 0x41 is 'A')
        assertNull(SamlResponseDecoder.strictBase64("PHNh\u0141AAA"));
        assertNull(SamlResponseDecoder.strictBase64("PHNh\u2028AAA"));
        assertNull(SamlResponseDecoder.strictBase64("PHNhbWw")); // length
        assertNull(SamlResponseDecoder.strictBase64(" \r\n"));
    }

    @Test
    void strictBase64WhenRandomInputThenSameAnswerAsTheRegularExpressions() {
        String alphabet = "ABCXYZabcxyz0189+/=-_ \t\r\n\f.é";
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(14);
            for (int j = 0; j < length; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            byte[] expected = reference(s.toString());
            byte[] actual = SamlResponseDecoder.strictBase64(s.toString());
            assertEquals(expected == null, actual == null, s.toString());
            if (expected != null) {
                assertArrayEquals(expected, actual, s.toString());
            }
        }
    }
}
