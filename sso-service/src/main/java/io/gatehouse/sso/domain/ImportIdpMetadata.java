package io.gatehouse.sso.domain;

import io.gatehouse.sso.saml.IdpMetadataParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
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
 * once with the hardened pool ({@link IdpMetadataParser}). Other settings are kept (a new connection starts
 * disabled).
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

    @Transactional
    public SsoConnection importXml(String accountId, String xml, int maxBytes) {
        configure.requirePlan(accountId);
        IdpMetadataParser.IdpMetadata metadata = IdpMetadataParser.parse(xml, maxBytes);
        SsoConnection existing = connections.findById(accountId);
        SsoConnectionCommand request = new SsoConnectionCommand(
                existing != null && existing.enabled(),
                metadata.entityId(),
                metadata.ssoUrl(),
                keepDuringRotation(
                        metadata.certificates(),
                        existing == null ? List.of() : existing.certificates(),
                        clock.instant()),
                existing == null ? null : existing.defaultRole().name(),
                existing == null ? null : existing.allowIdpInitiated(),
                existing == null ? null : existing.clockSkewSeconds(),
                metadata.binding(),
                existing != null && existing.allowOtherEmailDomains());
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
                .filter(c -> c.notAfter() == null || c.notAfter().isAfter(now))
                .filter(c -> !importedDer.contains(der(c.pem())))
                .sorted(Comparator.comparing(IdpCertificate::addedAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(Math.max(0, ConfigureSsoConnection.MAX_CERTIFICATES - result.size()))
                .forEach(c -> result.add(c.pem()));
        return result;
    }

    private static String der(String pemOrBase64) {
        return pemOrBase64
                .replace("-----BEGIN CERTIFICATE-----", "")
                .replace("-----END CERTIFICATE-----", "")
                .replaceAll("\\s", "");
    }
}
