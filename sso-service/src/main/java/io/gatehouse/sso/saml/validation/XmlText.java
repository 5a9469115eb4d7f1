package io.gatehouse.sso.saml.validation;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reads an element's text only when it is one plain text value (no comment, PI or child element splits it). */
final class XmlText {
    private XmlText() {}

    /** The text, or null when the element holds anything but text nodes. */
    static String plainText(Element element) {
        if (element == null) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            short type = child.getNodeType();
            if (type != Node.TEXT_NODE && type != Node.CDATA_SECTION_NODE) {
                return null;
            }
            text.append(child.getNodeValue());
        }
        return text.toString();
    }

    static boolean hasControlCharacters(String value) {
        return value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }
}
