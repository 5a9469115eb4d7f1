package io.gatehouse.sso.fuzz;

import io.gatehouse.testsupport.fuzz.Choices;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutates a genuine signed SAML Response the way an attacker edits a captured one: at the character level, at the
 * attribute and text level, and at the element level (moving, cloning and dropping elements — the raw material of
 * signature wrapping), with a dictionary of hostile fragments (DOCTYPE/XXE, comments, CDATA, processing
 * instructions, foreign identities, duplicate IDs). Then it encodes the document, honestly or not.
 */
final class SamlMutator {
    static final String VICTIM = "admin@acme.test";

    /** Hostile fragments inserted at arbitrary places. */
    static final List<String> FRAGMENTS = List.of(
            "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
            "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>",
            "&x;",
            "&c;",
            "&amp;",
            "&#0;",
            "&#x10FFFF;",
            "<!---->",
            "<!-- admin -->",
            "<![CDATA[" + VICTIM + "]]>",
            "<?evil x?>",
            "<?xml version=\"1.0\"?>",
            VICTIM,
            "jane.doe@acme.test.evil",
            "\u0000",
            "\uFEFF",
            "\uD800",
            "\r\n",
            " ID=\"_dup\"",
            " ID=\"\"",
            " Id=\"_x\"",
            " xml:id=\"_x\"",
            " xmlns:saml2=\"urn:evil\"",
            " xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\"",
            " xsi:type=\"xs:string\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
            "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_evil\" Version=\"2.0\" "
                    + "IssueInstant=\"2030-06-01T11:59:59Z\"><saml2:Issuer>https://sso.jumpcloud.com/saml2/gatehouse"
                    + "</saml2:Issuer><saml2:Subject><saml2:NameID>" + VICTIM + "</saml2:NameID></saml2:Subject>"
                    + "</saml2:Assertion>",
            "<saml2p:Extensions xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\">",
            "</saml2p:Extensions>",
            "<ds:Object xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">",
            "</ds:Object>",
            "<ds:Reference xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" URI=\"\"/>",
            "<saml2:EncryptedAssertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\"/>",
            "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\"/>");

    /** Values written over attribute values and text content. */
    static final List<String> VALUES = List.of(
            "",
            " ",
            VICTIM,
            "ADMIN@ACME.TEST",
            "_evil",
            "_dup",
            "2.0",
            "1.1",
            "3.0",
            "1970-01-01T00:00:00Z",
            "2030-06-01T12:00:00Z",
            "2099-01-01T00:00:00Z",
            "not-a-date",
            "http://localhost:8081/saml/acct-other/acs",
            "http://localhost:8081/saml/acct-other/metadata",
            "http://localhost:8081/saml/acct-test/acs",
            "https://sso.jumpcloud.com/saml2/other",
            "https://evil.test",
            "urn:oasis:names:tc:SAML:2.0:status:Success",
            "urn:oasis:names:tc:SAML:2.0:status:Requester",
            "urn:oasis:names:tc:SAML:2.0:cm:bearer",
            "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key",
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
            "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-md5",
            "http://www.w3.org/2001/04/xmlenc#sha512",
            "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
            "#_evil",
            "#",
            "_req-0001",
            "_req-other",
            "AAAA",
            "%00",
            "\u202Eadmin");

    private static final Pattern ATTRIBUTE_VALUE = Pattern.compile("=\"([^\"]*)\"");
    private static final Pattern TEXT = Pattern.compile(">([^<]+)<");
    private static final Pattern START_TAG = Pattern.compile("<([A-Za-z_][\\w.-]*:)?([A-Za-z_][\\w.-]*)[\\s/>]");

    private SamlMutator() {}

    /** Applies up to {@code maxSteps} mutations. */
    static String mutate(String xml, Choices c, int maxSteps) {
        int steps = c.pick(0, maxSteps);
        for (int i = 0; i < steps && !xml.isEmpty(); i++) {
            xml = step(xml, c);
        }
        return xml;
    }

    private static String step(String xml, Choices c) {
        int n = xml.length();
        switch (c.pick(0, 11)) {
            case 0 -> { // one character replaced
                int p = c.pick(0, n - 1);
                String replacement =
                        c.flag() ? c.oneOf(List.of("<", ">", "\"", "&", "/", "=", " ", "x", "\u0000")) : c.text(1);
                return xml.substring(0, p) + replacement + xml.substring(p + 1);
            }
            case 1 -> { // a range dropped
                int p = c.pick(0, n - 1);
                int q = Math.min(n, p + c.pick(1, 64));
                return xml.substring(0, p) + xml.substring(q);
            }
            case 2 -> { // a range copied elsewhere
                int p = c.pick(0, n - 1);
                int q = Math.min(n, p + c.pick(1, 256));
                int at = c.pick(0, n);
                return xml.substring(0, at) + xml.substring(p, q) + xml.substring(at);
            }
            case 3 -> { // a hostile fragment inserted
                int at = c.flag() ? tagBoundary(xml, c) : c.pick(0, n);
                return xml.substring(0, at) + c.oneOf(FRAGMENTS) + xml.substring(at);
            }
            case 4 -> { // free text inserted
                int at = c.pick(0, n);
                return xml.substring(0, at) + c.text(32) + xml.substring(at);
            }
            case 5 -> {
                return replaceGroup(xml, ATTRIBUTE_VALUE, c);
            }
            case 6 -> {
                return replaceGroup(xml, TEXT, c);
            }
            case 7 -> { // an element moved (wrapping)
                int[] element = element(xml, c);
                if (element == null) {
                    return xml;
                }
                String cut = xml.substring(element[0], element[1]);
                String rest = xml.substring(0, element[0]) + xml.substring(element[1]);
                int at = tagBoundary(rest, c);
                return rest.substring(0, at) + cut + rest.substring(at);
            }
            case 8 -> { // an element cloned, maybe with a new ID and the victim's identity
                int[] element = element(xml, c);
                if (element == null) {
                    return xml;
                }
                String copy = xml.substring(element[0], element[1]);
                if (c.flag()) {
                    copy = copy.replaceFirst("ID=\"[^\"]*\"", "ID=\"_evil\"");
                }
                if (c.flag()) {
                    copy = copy.replace("jane.doe@acme.test", VICTIM).replace("Jane.Doe@acme.test", VICTIM);
                }
                int at = tagBoundary(xml, c);
                return xml.substring(0, at) + copy + xml.substring(at);
            }
            case 9 -> { // an element dropped (signature exclusion, missing conditions, ...)
                int[] element = element(xml, c);
                return element == null ? xml : xml.substring(0, element[0]) + xml.substring(element[1]);
            }
            case 10 -> { // identity swapped everywhere (signed content changed)
                return xml.replace("jane.doe@acme.test", VICTIM).replace("Jane.Doe@acme.test", VICTIM);
            }
            default -> { // deep nesting around or inside the document
                int depth = c.pick(1, 4000);
                String open = "<a>".repeat(depth);
                String close = "</a>".repeat(depth);
                int at = tagBoundary(xml, c);
                return xml.substring(0, at) + open + close + xml.substring(at);
            }
        }
    }

    private static String replaceGroup(String xml, Pattern pattern, Choices c) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = pattern.matcher(xml);
        while (m.find()) {
            spans.add(new int[] {m.start(1), m.end(1)});
        }
        if (spans.isEmpty()) {
            return xml;
        }
        int[] s = c.oneOf(spans);
        String value = c.flag() ? c.oneOf(VALUES) : c.text(24);
        return xml.substring(0, s[0]) + value + xml.substring(s[1]);
    }

    /** The index of some '<' (or the end). */
    private static int tagBoundary(String xml, Choices c) {
        List<Integer> starts = new ArrayList<>();
        for (int i = xml.indexOf('<'); i >= 0; i = xml.indexOf('<', i + 1)) {
            starts.add(i);
        }
        starts.add(xml.length());
        return c.oneOf(starts);
    }

    /** [start, end) of some element, found by matching start and end tags of the same qualified name. */
    private static int[] element(String xml, Choices c) {
        List<int[]> tags = new ArrayList<>();
        Matcher m = START_TAG.matcher(xml);
        while (m.find()) {
            tags.add(new int[] {m.start(), m.end()});
        }
        if (tags.isEmpty()) {
            return null;
        }
        int[] tag = c.oneOf(tags);
        Matcher t = START_TAG.matcher(xml);
        if (!t.find(tag[0])) {
            return null;
        }
        String name = (t.group(1) == null ? "" : t.group(1)) + t.group(2);
        int gt = xml.indexOf('>', tag[0]);
        if (gt < 0) {
            return null;
        }
        if (xml.charAt(gt - 1) == '/') {
            return new int[] {tag[0], gt + 1};
        }
        int depth = 1;
        int i = gt + 1;
        String open = "<" + name;
        String close = "</" + name + ">";
        while (depth > 0) {
            int nextOpen = xml.indexOf(open, i);
            int nextClose = xml.indexOf(close, i);
            if (nextClose < 0) {
                return null;
            }
            if (nextOpen >= 0 && nextOpen < nextClose) {
                depth++;
                i = nextOpen + open.length();
            } else {
                depth--;
                i = nextClose + close.length();
            }
        }
        return new int[] {tag[0], i};
    }

    /** The SAMLResponse form value: honest base64 most of the time, else one of the encodings an attacker tries. */
    static String encode(String xml, Choices c) {
        byte[] utf8 = xml.getBytes(StandardCharsets.UTF_8);
        return switch (c.pick(0, 15)) { // 0-5: hostile encodings; otherwise honest base64
            case 0 -> Base64.getMimeEncoder().encodeToString(utf8); // line breaks
            case 1 -> Base64.getUrlEncoder().encodeToString(utf8); // URL-safe alphabet
            case 2 -> Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_16)); // UTF-16 with BOM
            case 3 -> Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.ISO_8859_1));
            case 4 -> { // the base64 text itself damaged
                String b64 = Base64.getEncoder().encodeToString(utf8);
                int p = c.pick(0, b64.length() - 1);
                yield b64.substring(0, p)
                        + c.oneOf(List.of("=", "==", " ", "\t", "%", "-", "_", "\u00e9", "A", ""))
                        + b64.substring(p + 1);
            }
            case 5 ->
                Base64.getEncoder()
                        .encodeToString(utf8)
                        .substring(
                                0,
                                c.pick(
                                        0,
                                        Base64.getEncoder().encodeToString(utf8).length()));
            default -> Base64.getEncoder().encodeToString(utf8);
        };
    }
}
