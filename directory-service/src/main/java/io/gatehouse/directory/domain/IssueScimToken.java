package io.gatehouse.directory.domain;

import io.gatehouse.directory.config.DirectoryConfig;
import io.gatehouse.platform.domain.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * Issues (or rotates) the account's SCIM bearer token: 256 random bits, shown once, stored as SHA-256 only.
 * Issuing a new token invalidates the previous one.
 */
@ApplicationScoped
public class IssueScimToken {
    private final DirectoryConnectionRepository connections;
    private final DirectoryConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public IssueScimToken(DirectoryConnectionRepository connections, DirectoryConfig config, Clock clock) {
        this.connections = connections;
        this.config = config;
        this.clock = clock;
    }

    public record Issued(String token, String baseUrl) {}

    @Transactional
    public Issued issue(String accountId) {
        DirectoryConnection c = connections
                .findByIdOptional(accountId)
                .orElseThrow(() -> DomainException.notFound(
                        "directory_not_found", "create the directory connection before issuing a SCIM token"));
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = "ghscim_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        c.issueScimToken(TokenHash.sha256(token), clock.instant());
        return new Issued(token, scimBaseUrl(config, accountId));
    }

    public static String scimBaseUrl(DirectoryConfig config, String accountId) {
        String base = config.publicBaseUrl();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/scim/v2/" + accountId;
    }
}
