package io.gatehouse.sso.domain;

import io.gatehouse.platform.problem.ApiException;
import io.gatehouse.sso.rest.SsoConnectionRequest;
import io.gatehouse.sso.saml.HardenedParserPool;
import io.gatehouse.sso.saml.OpenSaml;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
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

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills the connection's IdP Entity ID, SSO URL and signing certificates from JumpCloud's IdP metadata, parsed
 * once with the hardened pool. Other settings are kept (a new connection starts disabled).
 */
@ApplicationScoped
public class ImportIdpMetadata {
    private final ConnectionRepository connections;
    private final ConfigureSsoConnection configure;

    public ImportIdpMetadata(ConnectionRepository connections, ConfigureSsoConnection configure) {
        this.connections = connections;
        this.configure = configure;
    }

    public record IdpMetadata(String entityId, String ssoUrl, SsoConnection.Binding binding, List<String> certificates) {
    }

    @Transactional
    public SsoConnection importXml(String accountId, String xml, int maxBytes) {
        configure.requirePlan(accountId);
        IdpMetadata metadata = parse(xml, maxBytes);
        SsoConnection existing = connections.findById(accountId);
        SsoConnectionRequest request = new SsoConnectionRequest(existing != null && existing.enabled,
                metadata.entityId(), metadata.ssoUrl(), metadata.certificates(),
                existing == null ? null : existing.defaultRole.name(),
                existing == null ? null : existing.allowIdpInitiated,
                existing == null ? null : existing.clockSkewSeconds, metadata.binding().name(),
                existing != null && existing.allowOtherEmailDomains);
        return configure.save(accountId, request);
    }

    public static IdpMetadata parse(String xml, int maxBytes) {
        if (xml == null || xml.isBlank()) {
            throw ApiException.validation("the body must be the IdP metadata XML");
        }
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw ApiException.validation("the metadata is larger than " + maxBytes + " bytes");
        }
        XMLObject object;
        try {
            Document document = HardenedParserPool.get().parse(new ByteArrayInputStream(bytes));
            object = OpenSaml.unmarshallers().getUnmarshaller(document.getDocumentElement())
                    .unmarshall(document.getDocumentElement());
        } catch (Throwable e) {
            throw ApiException.validation("the metadata is not well-formed SAML metadata XML (DOCTYPEs are refused)");
        }
        EntityDescriptor entity;
        if (object instanceof EntityDescriptor e) {
            entity = e;
        } else if (object instanceof EntitiesDescriptor all && all.getEntityDescriptors().size() == 1) {
            entity = all.getEntityDescriptors().get(0);
        } else {
            throw ApiException.validation("expected one md:EntityDescriptor");
        }
        IDPSSODescriptor idp = entity.getIDPSSODescriptor(SAMLConstants.SAML20P_NS);
        if (idp == null || entity.getEntityID() == null) {
            throw ApiException.validation("the metadata has no SAML 2.0 IDPSSODescriptor or no entityID");
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
            throw ApiException.validation("the metadata has no HTTP-POST or HTTP-Redirect SingleSignOnService");
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
            throw ApiException.badRequest("certificate_invalid", "the metadata has no signing certificate");
        }
        return new IdpMetadata(entity.getEntityID(), post != null ? post : redirect,
                post != null ? SsoConnection.Binding.POST : SsoConnection.Binding.REDIRECT, certificates);
    }
}
