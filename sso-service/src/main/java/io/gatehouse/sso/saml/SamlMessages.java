package io.gatehouse.sso.saml;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.zip.Deflater;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.metadata.AssertionConsumerService;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.NameIDFormat;
import org.opensaml.saml.saml2.metadata.SPSSODescriptor;

/**
 * The SAML messages we produce: SP metadata and AuthnRequests, with the POST (base64) and Redirect (raw
 * DEFLATE + base64 + URL-encode) encodings written by hand because OpenSAML's encoders need javax.servlet.
 */
public final class SamlMessages {
    private SamlMessages() {}

    public static String spMetadata(String spEntityId, String acsUrl) {
        EntityDescriptor entity = OpenSaml.build(EntityDescriptor.DEFAULT_ELEMENT_NAME);
        entity.setEntityID(spEntityId);
        SPSSODescriptor sp = OpenSaml.build(SPSSODescriptor.DEFAULT_ELEMENT_NAME);
        sp.addSupportedProtocol(SAMLConstants.SAML20P_NS);
        sp.setAuthnRequestsSigned(false);
        sp.setWantAssertionsSigned(true);
        NameIDFormat format = OpenSaml.build(NameIDFormat.DEFAULT_ELEMENT_NAME);
        format.setURI(NameIDType.EMAIL);
        sp.getNameIDFormats().add(format);
        AssertionConsumerService acs = OpenSaml.build(AssertionConsumerService.DEFAULT_ELEMENT_NAME);
        acs.setBinding(SAMLConstants.SAML2_POST_BINDING_URI);
        acs.setLocation(acsUrl);
        acs.setIndex(0);
        acs.setIsDefault(true);
        sp.getAssertionConsumerServices().add(acs);
        entity.getRoleDescriptors().add(sp);
        return serialize(entity);
    }

    /**
     * The AuthnRequest of an SP-initiated login, unsigned: written from a template (one per login; building,
     * marshalling and serialising OpenSAML objects cost ~0.2 ms of CPU each time), every value escaped.
     * {@code SamlMessagesTest} checks it against OpenSAML's own marshalling of the same request.
     */
    public static String authnRequest(String id, Instant now, String spEntityId, String acsUrl, String destination) {
        StringBuilder xml = new StringBuilder(640)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<saml2p:AuthnRequest xmlns:saml2p=\"")
                .append(SAMLConstants.SAML20P_NS)
                .append("\" AssertionConsumerServiceURL=\"");
        attribute(xml, acsUrl).append("\" Destination=\"");
        attribute(xml, destination).append("\" ID=\"");
        attribute(xml, id).append("\" IssueInstant=\"");
        xml.append(now.truncatedTo(ChronoUnit.MILLIS))
                .append("\" ProtocolBinding=\"")
                .append(SAMLConstants.SAML2_POST_BINDING_URI)
                .append("\" Version=\"2.0\"><saml2:Issuer xmlns:saml2=\"")
                .append(SAMLConstants.SAML20_NS)
                .append("\">");
        text(xml, spEntityId)
                .append("</saml2:Issuer><saml2p:NameIDPolicy AllowCreate=\"true\" Format=\"")
                .append(NameIDType.UNSPECIFIED)
                .append("\"/></saml2p:AuthnRequest>");
        return xml.toString();
    }

    private static StringBuilder attribute(StringBuilder out, String value) {
        return escape(out, value, true);
    }

    private static StringBuilder text(StringBuilder out, String value) {
        return escape(out, value, false);
    }

    /** XML escaping; in an attribute value also the quote and the whitespace that normalisation would change. */
    private static StringBuilder escape(StringBuilder out, String value, boolean attribute) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                default -> out.append(c);
            }
        }
        return out;
    }

    /** HTTP-POST binding: the base64 of the message. */
    public static String postEncode(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** HTTP-Redirect binding (SAML bindings §3.4.4.1): raw DEFLATE, base64, URL-encoded. */
    public static String redirectEncode(String xml) {
        Deflater deflater = new Deflater(Deflater.DEFLATED, true);
        deflater.setInput(xml.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return URLEncoder.encode(Base64.getEncoder().encodeToString(out.toByteArray()), StandardCharsets.UTF_8);
    }

    /** The IdP URL with {@code SAMLRequest} and {@code RelayState} query parameters. */
    public static String redirectUrl(String idpSsoUrl, String xml, String relayState) {
        StringBuilder url = new StringBuilder(idpSsoUrl)
                .append(idpSsoUrl.contains("?") ? '&' : '?')
                .append("SAMLRequest=")
                .append(redirectEncode(xml));
        if (relayState != null) {
            url.append("&RelayState=").append(URLEncoder.encode(relayState, StandardCharsets.UTF_8));
        }
        return url.toString();
    }

    private static String serialize(XMLObject object) {
        try {
            return SerializeSupport.nodeToString(
                    OpenSaml.marshallers().getMarshaller(object).marshall(object));
        } catch (MarshallingException e) {
            throw new IllegalStateException(e);
        }
    }
}
