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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fills the connection's IdP Entity ID, SSO URL and signing certificates from JumpCloud's IdP metadata, parsed
 * once with the hardened pool. Other settings are kept (a new connection starts disabled).
 *
 * <p>A re-import during a certificate rotation adds the metadata's certificates and keeps the ones already
 * trusted until the admin removes them or they expire: JumpCloud signs with the new key only once the admin
 * activates it, so dropping the old certificate at import would break every login in between.
 */
@ApplicationScoped
public class ImportIdpMetadata {
    private final ConnectionRepository connections;
    private final ConfigureSsoConnection configure;
    private final Clock clock;

    public ImportIdpMetadata(ConnectionRepository connections, ConfigureSsoConnection configure, Clock clock) {
        this.connections = connections;
        this.configure = configure;
        this.clock = clock;
    }

    public record IdpMetadata(String entityId, String ssoUrl, SsoConnection.Binding binding, List<String> certificates) {
    }

    @Transactional
    public SsoConnection importXml(String accountId, String xml, int maxBytes) {
        configure.requirePlan(accountId);
        IdpMetadata metadata = parse(xml, maxBytes);
        SsoConnection existing = connections.findById(accountId);
        SsoConnectionRequest request = new SsoConnectionRequest(existing != null && existing.enabled,
                metadata.entityId(), metadata.ssoUrl(),
                keepDuringRotation(metadata.certificates(),
                        existing == null ? List.of() : existing.certificates, clock.instant()),
                existing == null ? null : existing.defaultRole.name(),
                existing == null ? null : existing.allowIdpInitiated,
                existing == null ? null : existing.clockSkewSeconds, metadata.binding().name(),
                existing != null && existing.allowOtherEmailDomains);
        return configure.save(accountId, request);
    }

    /**
     * The certificates to trust after an import: the metadata's, then the ones already trusted that have not
     * expired and are not in the metadata, up to {@link ConfigureSsoConnection#MAX_CERTIFICATES} (newest
     * additions first when the old ones do not all fit).
     */
    static List<String> keepDuringRotation(List<String> imported, Collection<IdpCertificate> trusted, Instant now) {
        List<String> result = new ArrayList<>(imported);
        Set<String> importedDer = new HashSet<>();
        imported.forEach(c -> importedDer.add(der(c)));
        trusted.stream()
                .filter(c -> c.notAfter == null || c.notAfter.isAfter(now))
                .filter(c -> !importedDer.contains(der(c.pem)))
                .sorted(Comparator.comparing((IdpCertificate c) -> c.addedAt,
                        Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(Math.max(0, ConfigureSsoConnection.MAX_CERTIFICATES - result.size()))
                .forEach(c -> result.add(c.pem));
        return result;
    }

    private static String der(String pemOrBase64) {
        return pemOrBase64.replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "")
                .replaceAll("\\s", "");
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
