package io.gatehouse.sso.saml;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import net.shibboleth.utilities.java.support.xml.DOMTypeSupport;
import org.apache.xml.security.Init;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.XMLSignature;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What the ACS reads of a SAML 2.0 Response, taken straight from the hardened parser's DOM in one walk (ADR 0026):
 * the elements and attributes the validation rules check, nothing else. It replaces OpenSAML's unmarshalling into
 * its object model, which cost about a sixth of sso-service's CPU per login, and keeps its semantics where the
 * rules depend on them:
 * <ul>
 * <li>attribute values and element text are trimmed, and empty becomes null (OpenSAML's {@code prepareForAssignment});
 * <li>children are matched by namespace and local name; unknown children are ignored, as OpenSAML ignores them;
 * <li>a date that does not parse, or an {@code xml:dsig} Signature that Apache Santuario cannot read, fails the
 * whole read ({@link InvalidContent}), as it failed unmarshalling;
 * <li>the {@code ID} attributes of the Response and the Assertion are registered as DOM identifiers, so that a
 * signature's reference resolves to exactly those elements.
 * </ul>
 * One difference is deliberate: where the schema allows at most one of a child (Issuer, Status, Subject, Conditions,
 * NameID, SubjectConfirmationData, StatusCode), a second one is refused here; OpenSAML kept the last one.
 */
public final class Saml2 {
    public static final String PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
    public static final String ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

    private Saml2() {}

    /** The document is not a Response these rules can read (a bad date, a repeated element, an unreadable Signature). */
    public static final class InvalidContent extends Exception {
        InvalidContent(String message, Throwable cause) {
            super(message, cause, false, false);
        }

        InvalidContent(String message) {
            this(message, null);
        }
    }

    /** An {@code Issuer}: its text and {@code Format}. */
    public record Issuer(String value, String format) {}

    /** A {@code StatusCode} and its first nested one. */
    public record StatusCode(String value, StatusCode nested) {}

    /** A {@code Status}: its code (null when absent) and message text. */
    public record Status(StatusCode code, String message) {}

    /** An enveloped {@code ds:Signature}, read by Apache Santuario with secure validation. */
    public record Signature(Element dom, XMLSignature xml) {}

    public record Response(
            Element dom,
            String version,
            String id,
            Instant issueInstant,
            String destination,
            String inResponseTo,
            Issuer issuer,
            Signature signature,
            Status status,
            List<Assertion> assertions,
            int encryptedAssertions) {}

    public record Assertion(
            Element dom,
            String version,
            String id,
            Instant issueInstant,
            Issuer issuer,
            Signature signature,
            Subject subject,
            Conditions conditions,
            List<AuthnStatement> authnStatements,
            List<AttributeStatement> attributeStatements) {}

    /** A {@code Subject}: its plain NameID (null when absent), whether an EncryptedID stands instead, confirmations. */
    public record Subject(NameId nameId, boolean encryptedId, List<Confirmation> confirmations) {}

    /** A {@code NameID}: its text, {@code Format} and element (for the mixed-content check). */
    public record NameId(String value, String format, Element dom) {}

    public record Confirmation(String method, ConfirmationData data) {}

    public record ConfirmationData(Instant notBefore, Instant notOnOrAfter, String recipient, String inResponseTo) {}

    /** {@code Conditions}: the window, each AudienceRestriction's audiences, and the element (its children). */
    public record Conditions(
            Element dom, Instant notBefore, Instant notOnOrAfter, List<List<String>> audienceRestrictions) {}

    public record AuthnStatement(Instant authnInstant, Instant sessionNotOnOrAfter) {}

    public record AttributeStatement(List<Attribute> attributes, int encryptedAttributes) {}

    /** An {@code Attribute}: its {@code Name} and its value elements. */
    public record Attribute(String name, List<Element> values) {}

    /**
     * Initialises Apache Santuario as OpenSAML's {@code ApacheXMLSecurityInitializer} does (the same line-break
     * setting, then {@code Init.init()}), without the rest of OpenSAML's initialisation. Idempotent and cheap after
     * the first call.
     */
    public static void initialize() {
        if (Init.isInitialized()) {
            return;
        }
        synchronized (Saml2.class) {
            if (System.getProperty(IGNORE_LINE_BREAKS) == null) {
                System.setProperty(IGNORE_LINE_BREAKS, "true");
            }
            Init.init();
        }
    }

    private static final String IGNORE_LINE_BREAKS = "org.apache.xml.security.ignoreLineBreaks";

    /** Reads a {@code samlp:Response} element (the caller checked its name). */
    public static Response read(Element root) throws InvalidContent {
        initialize();
        String id = identifier(root);
        Issuer issuer = null;
        Signature signature = null;
        Status status = null;
        List<Assertion> assertions = new ArrayList<>(1);
        int encrypted = 0;
        for (Element child = firstChild(root); child != null; child = nextSibling(child)) {
            String ns = child.getNamespaceURI();
            String name = child.getLocalName();
            if (ASSERTION_NS.equals(ns)) {
                switch (name) {
                    case "Issuer" -> issuer = once(issuer, issuer(child), child);
                    case "Assertion" -> assertions.add(assertion(child));
                    case "EncryptedAssertion" -> encrypted++;
                    default -> {}
                }
            } else if (PROTOCOL_NS.equals(ns) && "Status".equals(name)) {
                status = once(status, status(child), child);
            } else if (DSIG_NS.equals(ns) && "Signature".equals(name)) {
                signature = signature(child); // a second one fails the signature rule's count, as before
            }
        }
        return new Response(
                root,
                attribute(root, "Version"),
                id,
                instant(root, "IssueInstant"),
                attribute(root, "Destination"),
                attribute(root, "InResponseTo"),
                issuer,
                signature,
                status,
                List.copyOf(assertions),
                encrypted);
    }

    private static Assertion assertion(Element element) throws InvalidContent {
        String id = identifier(element);
        Issuer issuer = null;
        Signature signature = null;
        Subject subject = null;
        Conditions conditions = null;
        List<AuthnStatement> authn = new ArrayList<>(1);
        List<AttributeStatement> attributes = new ArrayList<>(1);
        for (Element child = firstChild(element); child != null; child = nextSibling(child)) {
            String ns = child.getNamespaceURI();
            String name = child.getLocalName();
            if (ASSERTION_NS.equals(ns)) {
                switch (name) {
                    case "Issuer" -> issuer = once(issuer, issuer(child), child);
                    case "Subject" -> subject = once(subject, subject(child), child);
                    case "Conditions" -> conditions = once(conditions, conditions(child), child);
                    case "AuthnStatement" ->
                        authn.add(new AuthnStatement(
                                instant(child, "AuthnInstant"), instant(child, "SessionNotOnOrAfter")));
                    case "AttributeStatement" -> attributes.add(attributeStatement(child));
                    default -> {}
                }
            } else if (DSIG_NS.equals(ns) && "Signature".equals(name)) {
                signature = signature(child);
            }
        }
        return new Assertion(
                element,
                attribute(element, "Version"),
                id,
                instant(element, "IssueInstant"),
                issuer,
                signature,
                subject,
                conditions,
                List.copyOf(authn),
                List.copyOf(attributes));
    }

    private static Subject subject(Element element) throws InvalidContent {
        NameId nameId = null;
        boolean encryptedId = false;
        List<Confirmation> confirmations = new ArrayList<>(1);
        for (Element child = firstChild(element); child != null; child = nextSibling(child)) {
            if (!ASSERTION_NS.equals(child.getNamespaceURI())) {
                continue;
            }
            switch (child.getLocalName()) {
                case "NameID" ->
                    nameId = once(nameId, new NameId(text(child), attribute(child, "Format"), child), child);
                case "EncryptedID" -> encryptedId = true;
                case "SubjectConfirmation" -> confirmations.add(confirmation(child));
                default -> {}
            }
        }
        return new Subject(nameId, encryptedId, List.copyOf(confirmations));
    }

    private static Confirmation confirmation(Element element) throws InvalidContent {
        ConfirmationData data = null;
        for (Element child = firstChild(element); child != null; child = nextSibling(child)) {
            if (ASSERTION_NS.equals(child.getNamespaceURI())
                    && "SubjectConfirmationData".equals(child.getLocalName())) {
                data = once(
                        data,
                        new ConfirmationData(
                                instant(child, "NotBefore"),
                                instant(child, "NotOnOrAfter"),
                                attribute(child, "Recipient"),
                                attribute(child, "InResponseTo")),
                        child);
            }
        }
        return new Confirmation(attribute(element, "Method"), data);
    }

    private static Conditions conditions(Element element) throws InvalidContent {
        List<List<String>> restrictions = new ArrayList<>(1);
        for (Element child = firstChild(element); child != null; child = nextSibling(child)) {
            if (ASSERTION_NS.equals(child.getNamespaceURI()) && "AudienceRestriction".equals(child.getLocalName())) {
                List<String> audiences = new ArrayList<>(1);
                for (Element audience = firstChild(child); audience != null; audience = nextSibling(audience)) {
                    if (ASSERTION_NS.equals(audience.getNamespaceURI()) && "Audience".equals(audience.getLocalName())) {
                        audiences.add(text(audience));
                    }
                }
                restrictions.add(audiences);
            }
        }
        return new Conditions(
                element, instant(element, "NotBefore"), instant(element, "NotOnOrAfter"), List.copyOf(restrictions));
    }

    private static AttributeStatement attributeStatement(Element element) {
        List<Attribute> attributes = new ArrayList<>();
        int encrypted = 0;
        for (Element child = firstChild(element); child != null; child = nextSibling(child)) {
            if (!ASSERTION_NS.equals(child.getNamespaceURI())) {
                continue;
            }
            if ("Attribute".equals(child.getLocalName())) {
                List<Element> values = new ArrayList<>(1);
                for (Element value = firstChild(child); value != null; value = nextSibling(value)) {
                    values.add(value); // every child element is a value, as OpenSAML's AttributeUnmarshaller has it
                }
                attributes.add(new Attribute(attribute(child, "Name"), List.copyOf(values)));
            } else if ("EncryptedAttribute".equals(child.getLocalName())) {
                encrypted++;
            }
        }
        return new AttributeStatement(List.copyOf(attributes), encrypted);
    }

    private static Issuer issuer(Element element) {
        return new Issuer(text(element), attribute(element, "Format"));
    }

    private static Status status(Element element) throws InvalidContent {
        StatusCode code = null;
        String message = null;
        for (Element child = firstChild(element); child != null; child = nextSibling(child)) {
            if (!PROTOCOL_NS.equals(child.getNamespaceURI())) {
                continue;
            }
            if ("StatusCode".equals(child.getLocalName())) {
                code = once(code, statusCode(child), child);
            } else if ("StatusMessage".equals(child.getLocalName())) {
                message = once(message, text(child), child);
            }
        }
        return new Status(code, message);
    }

    private static StatusCode statusCode(Element element) throws InvalidContent {
        StatusCode nested = null;
        for (Element child = firstChild(element); child != null; child = nextSibling(child)) {
            if (PROTOCOL_NS.equals(child.getNamespaceURI()) && "StatusCode".equals(child.getLocalName())) {
                nested = once(nested, statusCode(child), child);
            }
        }
        return new StatusCode(attribute(element, "Value"), nested);
    }

    private static Signature signature(Element element) throws InvalidContent {
        try {
            return new Signature(element, new XMLSignature(element, "", true));
        } catch (XMLSecurityException | RuntimeException e) {
            throw new InvalidContent("an unreadable ds:Signature: " + e.getMessage(), e);
        }
    }

    /** The {@code ID} attribute, registered as the element's DOM identifier (for the signature's reference). */
    private static String identifier(Element element) {
        Attr id = element.getAttributeNodeNS(null, "ID");
        if (id == null) {
            return null;
        }
        element.setIdAttributeNode(id, true);
        return trimOrNull(id.getValue());
    }

    /** An unqualified attribute, trimmed; null when absent or empty. */
    static String attribute(Element element, String name) {
        Attr attribute = element.getAttributeNodeNS(null, name);
        return attribute == null ? null : trimOrNull(attribute.getValue());
    }

    /** A {@code xs:dateTime} attribute; null when absent. */
    private static Instant instant(Element element, String name) throws InvalidContent {
        String value = attribute(element, name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value); // the form every IdP sends: ...T...Z, with or without fractions
        } catch (DateTimeParseException notIsoInstant) {
            try {
                return DOMTypeSupport.stringToInstant(value); // the rest of xs:dateTime, as OpenSAML reads it
            } catch (RuntimeException e) {
                throw new InvalidContent(name + " is not an xs:dateTime", e);
            }
        }
    }

    /**
     * The element's text, trimmed, null when empty. When it holds more than one text node (markup or comments
     * between them), the last non-empty one, as OpenSAML reads it; the rules that care refuse the markup themselves.
     */
    private static String text(Element element) {
        String last = null;
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            short type = child.getNodeType();
            if (type == Node.TEXT_NODE || type == Node.CDATA_SECTION_NODE) {
                String text = trimOrNull(child.getNodeValue());
                if (text != null) {
                    last = text;
                }
            }
        }
        return last;
    }

    private static <T> T once(T current, T next, Element element) throws InvalidContent {
        if (current != null) {
            throw new InvalidContent("repeated " + element.getLocalName());
        }
        return next;
    }

    private static Element firstChild(Element parent) {
        Node node = parent.getFirstChild();
        while (node != null && node.getNodeType() != Node.ELEMENT_NODE) {
            node = node.getNextSibling();
        }
        return (Element) node;
    }

    private static Element nextSibling(Element element) {
        Node node = element.getNextSibling();
        while (node != null && node.getNodeType() != Node.ELEMENT_NODE) {
            node = node.getNextSibling();
        }
        return (Element) node;
    }

    private static String trimOrNull(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim(); // as OpenSAML's StringSupport.trimOrNull
        return trimmed.isEmpty() ? null : trimmed;
    }
}
