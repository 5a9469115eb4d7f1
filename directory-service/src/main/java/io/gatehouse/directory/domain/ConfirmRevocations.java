package io.gatehouse.directory.domain;

import io.gatehouse.directory.client.JumpCloudClientFactory;
import io.gatehouse.directory.client.JumpCloudException;
import io.gatehouse.directory.client.JumpCloudSession;
import io.gatehouse.directory.client.JumpCloudUser;
import io.gatehouse.events.RevocationReason;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Confirms a SCIM-pushed revocation against JumpCloud's API before it applies (ADR 0014).
 * Pushes queued in JumpCloud during an outage replay old states; the API says what is true now. For each revocation
 * of a member keyed by a JumpCloud id, when the account has an API key and an application id:
 * <ul>
 *   <li>JumpCloud agrees (the user is gone: 404; suspended, locked or not activated; or in no group bound to the
 *   application) → the revocation applies, with the API's reason;</li>
 *   <li>JumpCloud says the person still has access → the revocation is dropped ({@code stale});</li>
 *   <li>JumpCloud does not answer → the revocation is held ({@code unconfirmed}): the next reconciliation, which
 *   is authoritative, revokes the person if JumpCloud still agrees by then.</li>
 * </ul>
 * Dropped and held revocations are logged and counted as
 * {@code gatehouse.directory.scim.revocations{outcome=confirmed|stale|unconfirmed}}. Grants and updates, SCIM-only
 * accounts (no API key) and provisional keys ({@code scim:<id>}, no JumpCloud id to ask about) pass unchanged.
 */
@ApplicationScoped
public class ConfirmRevocations {
    private static final Logger LOG = Logger.getLogger(ConfirmRevocations.class);

    private final DirectoryConnectionRepository connections;
    private final SecretCipher cipher;
    private final ApiBaseUrls apiBaseUrls;
    private final JumpCloudClientFactory clients;
    private final MeterRegistry meters;

    public ConfirmRevocations(
            DirectoryConnectionRepository connections,
            SecretCipher cipher,
            ApiBaseUrls apiBaseUrls,
            JumpCloudClientFactory clients,
            MeterRegistry meters) {
        this.connections = connections;
        this.cipher = cipher;
        this.apiBaseUrls = apiBaseUrls;
        this.clients = clients;
        this.meters = meters;
    }

    /** What JumpCloud's API says about one person's access. */
    enum Verdict {
        CONFIRMED,
        STALE,
        UNCONFIRMED
    }

    /** The changes to apply: {@code changes} without the revocations JumpCloud's API does not confirm. */
    public List<PlannedChange> confirmed(ConnectionSettings s, List<PlannedChange> changes) {
        if (changes.stream().noneMatch(ConfirmRevocations::askable)) {
            return changes;
        }
        Optional<JumpCloudSession> jc = session(s);
        if (jc.isEmpty()) {
            return changes; // SCIM only: pushes apply as they come
        }
        Set<String> bound = null;
        List<PlannedChange> out = new ArrayList<>(changes.size());
        for (PlannedChange c : changes) {
            if (!askable(c)) {
                out.add(c);
                continue;
            }
            RevocationReason reason;
            try {
                if (bound == null) {
                    Set<String> groups = new HashSet<>();
                    jc.get().forEachApplicationGroup(s.applicationId(), groups::add);
                    bound = groups;
                }
                reason = currentDenial(jc.get(), c.externalId(), bound);
            } catch (JumpCloudException e) {
                count("unconfirmed");
                LOG.warnf(
                        "SCIM revocation of %s in account %s held: JumpCloud's API did not confirm it (%s: %s);"
                                + " the next reconciliation decides",
                        c.externalId(), s.accountId(), e.code(), e.getMessage());
                continue;
            }
            if (reason == null) {
                count("stale");
                LOG.warnf(
                        "SCIM revocation of %s in account %s not applied: JumpCloud's API still lists the user as an"
                                + " active member of a group bound to the application (a replayed or out-of-order push)",
                        c.externalId(), s.accountId());
                continue;
            }
            count("confirmed");
            out.add(PlannedChange.revoke(c.externalId(), c.email(), reason).replacing(c.replaces()));
        }
        return out;
    }

    /** Why the user has no access now according to the API, or null when they have access. */
    static RevocationReason currentDenial(JumpCloudSession jc, String userId, Set<String> boundGroups) {
        Optional<JumpCloudUser> user = jc.systemUser(userId);
        if (user.isEmpty()) {
            return RevocationReason.DELETED;
        }
        if (user.get().denial() != null) {
            return user.get().denial();
        }
        boolean[] member = {false};
        jc.forEachGroupOfUser(userId, gid -> member[0] |= boundGroups.contains(gid));
        return member[0] ? null : RevocationReason.REMOVED_FROM_GROUP;
    }

    private static boolean askable(PlannedChange c) {
        return c.kind() == ChangeKind.REVOKE && !MemberIdentity.isProvisional(c.externalId());
    }

    private Optional<JumpCloudSession> session(ConnectionSettings s) {
        if (!s.apiKeySet()
                || s.applicationId() == null
                || s.applicationId().isBlank()
                || !apiBaseUrls.allowed(s.apiBaseUrl())) {
            return Optional.empty();
        }
        DirectoryConnection c = connections.findById(s.accountId());
        if (c == null || c.apiKeyCiphertext() == null) {
            return Optional.empty();
        }
        return Optional.of(
                clients.openForLookup(s.apiBaseUrl(), cipher.decrypt(s.accountId(), c.apiKeyCiphertext()), s.orgId()));
    }

    private void count(String outcome) {
        meters.counter("gatehouse.directory.scim.revocations", "outcome", outcome)
                .increment();
    }
}
