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
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Confirms a SCIM-pushed change of access against what JumpCloud's API says now, before it applies (ADR 0014).
 * Pushes queued in JumpCloud during an outage replay old states, in both directions: an {@code active=false} for
 * someone JumpCloud has restored since, an {@code active=true} (or a group add) for someone it has removed since.
 * For each grant and each revocation of a member keyed by a JumpCloud id, when the account has an API key and an
 * application id, the API is asked with the reconciliation's rule ({@link Reconciler}: access = in a group bound to
 * the application AND not suspended, locked or unactivated; gone = 404):
 * <ul>
 *   <li>the API agrees with the push → it applies (a revocation with the API's reason);</li>
 *   <li>the API says the opposite → the push is dropped ({@code stale}): nothing changes;</li>
 *   <li>the API does not answer → the change is held ({@code unconfirmed}), in both directions: the next
 *   reconciliation, which is authoritative, makes it if JumpCloud still says so by then.</li>
 * </ul>
 * Dropped and held changes are logged (member key and account) and every answer is counted as
 * {@code gatehouse.directory.scim.confirmations{change=grant|revoke,outcome=confirmed|stale|unconfirmed}}. Updates,
 * SCIM-only accounts (no API key) and provisional keys ({@code scim:<id>}, no JumpCloud id to ask about) pass
 * unchanged.
 */
@ApplicationScoped
public class ConfirmScimChanges {
    private static final Logger LOG = Logger.getLogger(ConfirmScimChanges.class);
    static final String METER = "gatehouse.directory.scim.confirmations";

    private final DirectoryConnectionRepository connections;
    private final SecretCipher cipher;
    private final ApiBaseUrls apiBaseUrls;
    private final JumpCloudClientFactory clients;
    private final MeterRegistry meters;

    public ConfirmScimChanges(
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

    /** The changes to apply: {@code changes} without the grants and revocations JumpCloud's API does not confirm. */
    public List<PlannedChange> confirmed(ConnectionSettings s, List<PlannedChange> changes) {
        if (changes.stream().noneMatch(ConfirmScimChanges::askable)) {
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
            String change = c.kind().name().toLowerCase(Locale.ROOT);
            RevocationReason denial;
            try {
                if (bound == null) {
                    Set<String> groups = new HashSet<>();
                    jc.get().forEachApplicationGroup(s.applicationId(), groups::add);
                    bound = groups;
                }
                denial = currentDenial(jc.get(), c.externalId(), bound);
            } catch (JumpCloudException e) {
                count(change, "unconfirmed");
                LOG.warnf(
                        "SCIM %s of %s in account %s held: JumpCloud's API did not confirm it (%s: %s);"
                                + " the next reconciliation decides",
                        change, c.externalId(), s.accountId(), e.code(), e.getMessage());
                continue;
            }
            boolean revoke = c.kind() == ChangeKind.REVOKE;
            if (revoke == (denial == null)) {
                count(change, "stale");
                LOG.warnf(
                        "SCIM %s of %s in account %s not applied: JumpCloud's API says %s (a replayed or"
                                + " out-of-order push)",
                        change,
                        c.externalId(),
                        s.accountId(),
                        denial == null
                                ? "the user is an active member of a group bound to the application"
                                : "the user has no access (" + denial + ")");
                continue;
            }
            count(change, "confirmed");
            out.add(
                    revoke
                            ? PlannedChange.revoke(c.externalId(), c.email(), denial)
                                    .replacing(c.replaces())
                            : c);
        }
        return out;
    }

    /**
     * Why the user has no access now according to the API, or null when they have access: the rule of
     * {@link Reconciler} (404 → deleted; the user's own denial; else a member of a bound group or not), for one user.
     */
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

    /** A grant or a revocation of a member JumpCloud's API can be asked about (keyed by a JumpCloud id). */
    private static boolean askable(PlannedChange c) {
        return c.kind() != ChangeKind.UPDATE && !MemberIdentity.isProvisional(c.externalId());
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

    private void count(String change, String outcome) {
        meters.counter(METER, "change", change, "outcome", outcome).increment();
    }
}
