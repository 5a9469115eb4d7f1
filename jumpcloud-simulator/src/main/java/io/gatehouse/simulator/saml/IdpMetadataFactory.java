package io.gatehouse.simulator.saml;

import io.gatehouse.simulator.domain.AppSettings;
import io.gatehouse.simulator.domain.SimApp;
import io.gatehouse.simulator.rest.api.JsonViews;
import jakarta.enterprise.context.ApplicationScoped;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.NameIDFormat;
import org.opensaml.saml.saml2.metadata.SingleSignOnService;
import org.opensaml.security.credential.UsageType;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.keyinfo.impl.X509KeyInfoGeneratorFactory;

/**
 * The IdP metadata JumpCloud exports for a Custom SAML app: the active signing certificate only, one NameIDFormat,
 * SingleSignOnService HTTP-POST (and HTTP-Redirect when the app declares it), no SingleLogoutService.
 */
@ApplicationScoped
public class IdpMetadataFactory {

    private final OpenSaml openSaml;

    public IdpMetadataFactory(OpenSaml openSaml) {
        this.openSaml = openSaml;
    }

    public String create(SimApp app, String publicUrl) {
        AppSettings s = app.settings();
        EntityDescriptor entity = openSaml.build(EntityDescriptor.DEFAULT_ELEMENT_NAME);
        entity.setEntityID(s.idpEntityId());
        IDPSSODescriptor idp = openSaml.build(IDPSSODescriptor.DEFAULT_ELEMENT_NAME);
        idp.setWantAuthnRequestsSigned(false);
        idp.addSupportedProtocol(SAMLConstants.SAML20P_NS);
        try {
            KeyDescriptor key = openSaml.build(KeyDescriptor.DEFAULT_ELEMENT_NAME);
            key.setUse(UsageType.SIGNING);
            X509KeyInfoGeneratorFactory keyInfo = new X509KeyInfoGeneratorFactory();
            keyInfo.setEmitEntityCertificate(true);
            key.setKeyInfo(keyInfo.newInstance()
                    .generate(new BasicX509Credential(app.activeKey().certificate())));
            idp.getKeyDescriptors().add(key);
            NameIDFormat format = openSaml.build(NameIDFormat.DEFAULT_ELEMENT_NAME);
            format.setURI(s.nameIdFormat());
            idp.getNameIDFormats().add(format);
            String location = JsonViews.ssoUrl(publicUrl, s.name());
            idp.getSingleSignOnServices().add(service(SAMLConstants.SAML2_POST_BINDING_URI, location));
            if (s.declareRedirectEndpoint()) {
                idp.getSingleSignOnServices().add(service(SAMLConstants.SAML2_REDIRECT_BINDING_URI, location));
            }
            entity.getRoleDescriptors().add(idp);
            return SerializeSupport.prettyPrintXML(XMLObjectSupport.marshall(entity));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build IdP metadata", e);
        }
    }

    private SingleSignOnService service(String binding, String location) {
        SingleSignOnService service = openSaml.build(SingleSignOnService.DEFAULT_ELEMENT_NAME);
        service.setBinding(binding);
        service.setLocation(location);
        return service;
    }
}
