package io.gatehouse.directory.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.directory.config.DirectoryConfig;
import io.gatehouse.directory.domain.DirectoryConnectionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * JumpCloud's Test Connection (Identity Management tab): it creates a test user with the "Test User Email" the admin
 * entered and a test group, then deletes both (or deactivates the user where DELETE is refused). Gatehouse asks
 * admins to enter {@code gatehouse.directory.scim.test-user-email}; a SCIM user with that address (as userName or
 * email, any letter case) is stored and answered as SCIM requires, but never becomes a member: no access, no role,
 * no event, so nothing reaches user-service or its audit log. Each of its writes records the time on the
 * connection, which the directory page shows as "JumpCloud tested the connection". The test group has no member
 * who could become one, so it needs no rule of its own.
 */
@ApplicationScoped
public class ScimTestConnection {
    private static final Logger LOG = Logger.getLogger(ScimTestConnection.class);

    private final String testUserEmail;
    private final DirectoryConnectionRepository connections;
    private final Clock clock;

    public ScimTestConnection(DirectoryConfig config, DirectoryConnectionRepository connections, Clock clock) {
        this.testUserEmail = config.scim().testUserEmail().trim();
        this.connections = connections;
        this.clock = clock;
    }

    /** Whether this SCIM user is Test Connection's test user. */
    public boolean isTestUser(ScimUser u, ObjectNode resource) {
        return testUserEmail.equalsIgnoreCase(u.userName())
                || testUserEmail.equalsIgnoreCase(ScimMembership.email(resource, u.userName()));
    }

    /** Records that Test Connection's test user was written just now (in the caller's transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void seen(String accountId, String what) {
        connections.markScimTested(accountId, clock.instant());
        LOG.infof(
                "JumpCloud tested the SCIM connection of account %s (%s its test user; not a member)", accountId, what);
    }
}
