package io.gatehouse.sso.saml;

import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/** DOM surgery on signed test responses, the way an attacker edits a captured response. */
public final class TestXml {
    public static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    public static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String DS = "http://www.w3.org/2000/09/xmldsig#";

    private TestXml() {}

    public static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String serialize(Node node) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(node), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Element first(Node root, String ns, String localName) {
        Document document = root instanceof Document d ? d : root.getOwnerDocument();
        var list = root instanceof Document d
                ? d.getElementsByTagNameNS(ns, localName)
                : ((Element) root).getElementsByTagNameNS(ns, localName);
        if (list.getLength() == 0) {
            throw new IllegalStateException("no " + localName + " in " + document);
        }
        return (Element) list.item(0);
    }

    public static Element response(Document document) {
        return document.getDocumentElement();
    }

    public static Element assertion(Document document) {
        return first(document, SAML, "Assertion");
    }

    /** The Signature that is a direct child of {@code parent}, or null. */
    public static Element directSignature(Element parent) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && DS.equals(e.getNamespaceURI()) && "Signature".equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    /** Sets the text of the first NameID (and email attribute value) to an attacker's choice. */
    public static void setNameIdAndEmail(Element assertion, String value) {
        first(assertion, SAML, "NameID").setTextContent(value);
        var values = assertion.getElementsByTagNameNS(SAML, "Attribute");
        for (int i = 0; i < values.getLength(); i++) {
            Element attribute = (Element) values.item(i);
            if ("email".equals(attribute.getAttribute("Name"))) {
                first(attribute, SAML, "AttributeValue").setTextContent(value);
            }
        }
    }
}
