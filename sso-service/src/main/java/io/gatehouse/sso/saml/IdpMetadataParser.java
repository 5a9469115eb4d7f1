package io.gatehouse.sso.saml;

import io.gatehouse.platform.domain.DomainException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.EntitiesDescriptor;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.SingleSignOnService;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.signature.X509Certificate;
import org.opensaml.xmlsec.signature.X509Data;
import org.w3c.dom.Document;

/**
 * Reads the facts a connection needs from IdP metadata (SAML V2.0 Metadata, section 2.4.3 IDPSSODescriptor). An
 * unreadable or incomplete document is refused with {@code validation_failed}, one without a signing certificate
 * with {@code certificate_invalid}.
 */
public final class IdpMetadataParser {
    private IdpMetadataParser() {}

    /**
     * The IdP's entity id, its SSO URL (HTTP-POST preferred over HTTP-Redirect), that binding ({@code POST} or
     * {@code REDIRECT}) and its signing certificates (base64 DER).
     */
    public record IdpMetadata(String entityId, String ssoUrl, String binding, List<String> certificates) {}

    /** Parses JumpCloud's IdP metadata (SAML metadata 2.0, one EntityDescriptor) with the hardened pool. */
    public static IdpMetadata parse(String xml, int maxBytes) {
        if (xml == null || xml.isBlank()) {
            throw DomainException.validation("the body must be the IdP metadata XML");
        }
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw DomainException.validation("the metadata is larger than " + maxBytes + " bytes");
        }
        XMLObject object;
        try {
            Document document = HardenedParserPool.get().parse(new ByteArrayInputStream(bytes));
            object = OpenSaml.unmarshallers()
                    .getUnmarshaller(document.getDocumentElement())
                    .unmarshall(document.getDocumentElement());
        } catch (Throwable e) {
            throw DomainException.validation(
                    "the metadata is not well-formed SAML metadata XML (DOCTYPEs are refused)");
        }
        EntityDescriptor entity;
        if (object instanceof EntityDescriptor e) {
            entity = e;
        } else if (object instanceof EntitiesDescriptor all
                && all.getEntityDescriptors().size() == 1) {
            entity = all.getEntityDescriptors().get(0);
        } else {
            throw DomainException.validation("expected one md:EntityDescriptor");
        }
        IDPSSODescriptor idp = entity.getIDPSSODescriptor(SAMLConstants.SAML20P_NS);
        if (idp == null || entity.getEntityID() == null) {
            throw DomainException.validation("the metadata has no SAML 2.0 IDPSSODescriptor or no entityID");
        }
        String post = null;
        String redirect = null;
        for (SingleSignOnService service : idp.getSingleSignOnServices()) {
            if (SAMLConstants.SAML2_POST_BINDING_URI.equals(service.getBinding()) && post == null) {
                post = service.getLocation();
            } else if (SAMLConstants.SAML2_REDIRECT_BINDING_URI.equals(service.getBinding()) && redirect == null) {
                redirect = service.getLocation();
            }
        }
        if (post == null && redirect == null) {
            throw DomainException.validation("the metadata has no HTTP-POST or HTTP-Redirect SingleSignOnService");
        }
        List<String> certificates = new ArrayList<>();
        for (KeyDescriptor key : idp.getKeyDescriptors()) {
            if (key.getUse() == UsageType.ENCRYPTION || key.getKeyInfo() == null) {
                continue;
            }
            for (X509Data data : key.getKeyInfo().getX509Datas()) {
                for (X509Certificate certificate : data.getX509Certificates()) {
                    if (certificate.getValue() != null) {
                        certificates.add(certificate.getValue().replaceAll("\\s", ""));
                    }
                }
            }
        }
        if (certificates.isEmpty()) {
            throw DomainException.invalid("certificate_invalid", "the metadata has no signing certificate");
        }
        return new IdpMetadata(
                entity.getEntityID(), post != null ? post : redirect, post != null ? "POST" : "REDIRECT", certificates);
    }
}
