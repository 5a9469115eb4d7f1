package io.gatehouse.sso.saml;

import io.gatehouse.sso.saml.validation.CheckResult;
import io.gatehouse.sso.saml.validation.ErrorCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Steps 1–3 of the processing order in docs/design/saml-validation.md: strict base64 with a size cap, one parse
 * with the {@link HardenedParserPool}, the refusal of duplicate ID attributes anywhere in the document, and the
 * one walk that reads what the rules check ({@link Saml2}; no OpenSAML unmarshalling, ADR 0026). Any {@link Throwable} from parsing (including {@link StackOverflowError}) becomes a rejection.
 */
public final class SamlResponseDecoder {
    public static final int DEFAULT_MAX_ENCODED_LENGTH = 48 * 1024;

    private final int maxEncodedLength;

    public SamlResponseDecoder(int maxEncodedLength) {
        this.maxEncodedLength = maxEncodedLength;
    }

    public SamlResponseDecoder() {
        this(DEFAULT_MAX_ENCODED_LENGTH);
    }

    /** The decoded response, or the failed check. */
    public record Outcome(DecodedResponse decoded, CheckResult failure) {
        public boolean ok() {
            return decoded != null;
        }
    }

    /** The form value as text (a character above U+00FF is refused like any other outside the base64 alphabet). */
    public Outcome decode(String encoded) {
        // one intrinsic copy to bytes (the form value is often a UTF-16 string: charAt checked every index); a
        // character above U+00FF becomes '?', which is refused below like any other character outside the alphabet
        return decode(encoded == null ? null : encoded.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * The form value's bytes after percent-decoding, as the ACS reads them from the body ({@code AcsForm}); the array
     * is compacted in place.
     */
    public Outcome decode(byte[] encoded) {
        if (encoded == null || blank(encoded)) {
            return fail(ErrorCode.DECODE, "a base64 SAMLResponse form field", "none", "SAMLResponse is missing");
        }
        if (encoded.length > maxEncodedLength) {
            return fail(
                    ErrorCode.DECODE,
                    "at most " + maxEncodedLength + " characters",
                    encoded.length + " characters",
                    "SAMLResponse is too large");
        }
        byte[] compact = strictBase64(encoded);
        if (compact == null) {
            return fail(ErrorCode.DECODE, "strict base64", "invalid base64", "SAMLResponse is not valid base64");
        }
        byte[] xml;
        try {
            xml = Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            return fail(ErrorCode.DECODE, "strict base64", "invalid base64", "SAMLResponse is not valid base64");
        }
        Document document;
        try {
            document = HardenedParserPool.get().parse(new ByteArrayInputStream(xml));
        } catch (Throwable e) { // a hostile document is a 4xx, never a 500 (StackOverflowError included)
            return fail(
                    ErrorCode.XML,
                    "well-formed XML without DOCTYPE, at most " + HardenedParserPool.MAX_ELEMENT_DEPTH + " levels deep",
                    "unparseable XML",
                    describe(e));
        }
        Element root = document.getDocumentElement();
        if (root == null
                || !Saml2.PROTOCOL_NS.equals(root.getNamespaceURI())
                || !"Response".equals(root.getLocalName())) {
            return fail(
                    ErrorCode.STRUCTURE,
                    "samlp:Response",
                    root == null ? "empty document" : "{" + root.getNamespaceURI() + "}" + root.getLocalName(),
                    "the document is not a SAML 2.0 Response");
        }
        String duplicate = findDuplicateId(root);
        if (duplicate != null) {
            return fail(
                    ErrorCode.STRUCTURE,
                    "unique ID attributes",
                    "duplicate ID " + duplicate,
                    "the same ID appears more than once (signature wrapping)");
        }
        Saml2.Response response;
        try {
            response = Saml2.read(root);
        } catch (Throwable e) { // Saml2.InvalidContent, or anything a hostile document provokes: a 4xx
            return fail(ErrorCode.STRUCTURE, "a valid SAML 2.0 Response", "invalid content", describe(e));
        }
        return new Outcome(new DecodedResponse(response, document), null);
    }

    /**
     * The base64 characters with the line breaks and spaces an IdP may wrap them with ({@code [ \t\r\n]})
     * removed, or null unless what remains is strict base64: only {@code [A-Za-z0-9+/]}, then at most two
     * {@code =}, a non-zero multiple of 4 long. One pass (the form value is 8–48 KB on every login).
     */
    static byte[] strictBase64(String encoded) {
        return strictBase64(encoded.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** As {@link #strictBase64(String)}, compacting {@code out} in place. */
    static byte[] strictBase64(byte[] out) {
        int n = 0;
        int padding = 0;
        for (byte b : out) {
            byte kind = KIND[b & 0xff];
            if (kind == ALPHABET) {
                if (padding > 0) {
                    return null;
                }
            } else if (kind == PADDING) {
                padding++;
            } else if (kind == SPACE) {
                continue;
            } else {
                return null;
            }
            out[n++] = b;
        }
        if (n == 0 || n % 4 != 0 || padding > 2) {
            return null;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Empty or only {@code [ \t\r\n]}: the field is as good as missing. */
    private static boolean blank(byte[] value) {
        for (byte b : value) {
            if (KIND[b & 0xff] != SPACE) {
                return false;
            }
        }
        return true;
    }

    private static final byte OTHER = 0;
    private static final byte ALPHABET = 1;
    private static final byte PADDING = 2;
    private static final byte SPACE = 3;
    /** What each byte is to {@link #strictBase64}. */
    private static final byte[] KIND = new byte[256];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            KIND[c] = ALPHABET;
            KIND[Character.toLowerCase(c)] = ALPHABET;
        }
        for (char c = '0'; c <= '9'; c++) {
            KIND[c] = ALPHABET;
        }
        KIND['+'] = ALPHABET;
        KIND['/'] = ALPHABET;
        KIND['='] = PADDING;
        KIND[' '] = SPACE;
        KIND['\t'] = SPACE;
        KIND['\r'] = SPACE;
        KIND['\n'] = SPACE;
    }

    /** Walks the tree without recursion; ID, Id, id and xml:id are all treated as identifiers. */
    static String findDuplicateId(Element root) {
        Set<String> seen = new HashSet<>();
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node node = stack.pop();
            if (node.getNodeType() != Node.ELEMENT_NODE) {
                continue;
            }
            NamedNodeMap attributes = node.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr attr = (Attr) attributes.item(i);
                String local = attr.getLocalName() == null ? attr.getName() : attr.getLocalName();
                boolean identifier = attr.getNamespaceURI() == null
                        ? local.equals("ID") || local.equals("Id") || local.equals("id")
                        : "http://www.w3.org/XML/1998/namespace".equals(attr.getNamespaceURI()) && local.equals("id");
                if (identifier && !seen.add(attr.getValue())) {
                    return attr.getValue();
                }
            }
            for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
                stack.push(child);
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "the document is nested too deeply";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 300 ? message.substring(0, 300) : message;
    }

    private static Outcome fail(ErrorCode code, String expected, String received, String detail) {
        return new Outcome(null, CheckResult.fail("decode", code, expected, received, detail));
    }
}
