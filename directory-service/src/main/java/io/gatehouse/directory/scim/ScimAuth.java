package io.gatehouse.directory.scim;

import io.gatehouse.directory.domain.ConnectionSettings;
import io.gatehouse.directory.domain.DirectoryConnection;
import io.gatehouse.directory.domain.DirectoryConnectionRepository;
import io.gatehouse.directory.domain.TokenHash;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Authenticates a SCIM request: the bearer token's SHA-256 must equal the hash stored for the account in the path
 * (constant-time comparison). Another account's token, a missing or wrong token: 401. A valid token while SCIM is
 * switched off for the account: 403.
 */
@ApplicationScoped
public class ScimAuth {
    private final DirectoryConnectionRepository connections;

    public ScimAuth(DirectoryConnectionRepository connections) {
        this.connections = connections;
    }

    @Transactional
    public ConnectionSettings authenticate(String accountId, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ScimException.unauthorized();
        }
        String token = authorization.substring(7).trim();
        DirectoryConnection c = connections.findByIdOptional(accountId).orElse(null);
        String presented = TokenHash.sha256(token);
        String stored = c == null || c.scimTokenHash() == null ? TokenHash.sha256("\u0000no-token") : c.scimTokenHash();
        boolean ok = MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.US_ASCII), stored.getBytes(StandardCharsets.US_ASCII));
        if (!ok || c == null || c.scimTokenHash() == null || token.isEmpty()) {
            throw ScimException.unauthorized();
        }
        if (!c.scimEnabled()) {
            throw new ScimException(403, null, "SCIM provisioning is switched off for this account");
        }
        return ConnectionSettings.of(c);
    }
}
