package io.gatehouse.directory.domain;

import io.gatehouse.directory.client.JumpCloudClientFactory;
import io.gatehouse.directory.client.JumpCloudException;
import io.gatehouse.directory.client.JumpCloudSession;
import io.gatehouse.events.MemberSource;
import io.gatehouse.platform.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs one reconciliation of an account: under the account's advisory lock, plans against the snapshot, then
 * records a DRY_RUN, HOLDs it behind the safety brake, or applies it. A JumpCloud failure records FAILED and
 * changes nothing. This is the only path that sends the API key (scheduled, manual and dry runs alike), and only to
 * the stored {@code apiBaseUrl} while it is on {@link ApiBaseUrls}' allow-list (409 {@code api_base_url_not_allowed}
 * otherwise).
 */
@ApplicationScoped
public class RunSync {
    private static final Logger LOG = Logger.getLogger(RunSync.class);

    private final DirectoryConnectionRepository connections;
    private final SecretCipher cipher;
    private final SyncLock lock;
    private final SyncRunLog log;
    private final MemberSnapshotStore store;
    private final ApplyPlan applyPlan;
    private final JumpCloudClientFactory clients;
    private final ApiBaseUrls apiBaseUrls;

    public RunSync(DirectoryConnectionRepository connections, SecretCipher cipher, SyncLock lock, SyncRunLog log,
                   MemberSnapshotStore store, ApplyPlan applyPlan, JumpCloudClientFactory clients,
                   ApiBaseUrls apiBaseUrls) {
        this.apiBaseUrls = apiBaseUrls;
        this.connections = connections;
        this.cipher = cipher;
        this.lock = lock;
        this.log = log;
        this.store = store;
        this.applyPlan = applyPlan;
        this.clients = clients;
    }

    /** What a run needs, read in one short transaction. */
    record Target(ConnectionSettings settings, String apiKey) {
    }

    @Transactional
    Target target(String accountId) {
        DirectoryConnection c = connections.findByIdOptional(accountId)
                .orElseThrow(() -> new ApiException(404, "directory_not_found",
                        "no directory connection for this account"));
        if (c.apiKeyCiphertext == null || c.applicationId == null || c.applicationId.isBlank()) {
            throw new ApiException(409, "directory_incomplete",
                    "the directory connection needs an apiKey and an applicationId before it can sync");
        }
        if (!apiBaseUrls.allowed(c.apiBaseUrl)) {
            // saved before the allow-list existed, or the operator has since taken the host off it
            throw new ApiException(409, "api_base_url_not_allowed",
                    "the stored apiBaseUrl is not an allowed JumpCloud API host; save the connection with an allowed"
                            + " apiBaseUrl and the apiKey");
        }
        return new Target(ConnectionSettings.of(c), cipher.decrypt(accountId, c.apiKeyCiphertext));
    }

    /** Throws 409 {@code sync_in_progress} when another run of the account holds the lock. */
    public SyncRun run(String accountId, SyncTrigger trigger, boolean dryRun) {
        Target target = target(accountId);
        Optional<SyncLock.Held> held = lock.tryAcquire(accountId);
        if (held.isEmpty()) {
            throw new ApiException(409, "sync_in_progress", "a sync of this account is already running");
        }
        try (SyncLock.Held ignored = held.get()) {
            return runLocked(target, trigger, dryRun);
        }
    }

    private SyncRun runLocked(Target target, SyncTrigger trigger, boolean dryRun) {
        ConnectionSettings s = target.settings();
        String accountId = s.accountId();
        UUID id = log.start(accountId, trigger);
        JumpCloudSession jc = clients.open(s.apiBaseUrl(), target.apiKey(), s.orgId());
        long base = store.version(accountId);
        Reconciler.Plan plan = null;
        try {
            Map<String, SnapshotEntry> snapshot = store.loadCompact(accountId);
            plan = new Reconciler(jc, s.roleMapping()).plan(s.applicationId(), snapshot);
            int revocations = (int) plan.count(ChangeKind.REVOKE);
            if (!plan.unresolved().isEmpty()) {
                LOG.warnf("sync of account %s: %d SCIM-pushed members match no JumpCloud user by email; kept, not"
                        + " revoked (see the run's unresolvedMembers)", accountId, plan.unresolved().size());
            }
            SyncStatus status;
            if (dryRun) {
                status = SyncStatus.DRY_RUN;
            } else if (MemberDiff.exceedsBrake(revocations, plan.membersBefore(), s.brakeMaxFraction(),
                    s.brakeMinCount())) {
                status = SyncStatus.HELD;
                LOG.warnf("sync of account %s held: %d revocations of %d members", accountId, revocations,
                        plan.membersBefore());
            } else {
                applyPlan.apply(accountId, plan.changes(), MemberSource.SYNC, base);
                status = SyncStatus.APPLIED;
            }
            return log.finish(id, status, plan, base, jc.calls(), null);
        } catch (JumpCloudException e) {
            LOG.warnf("sync of account %s failed: %s (%s)", accountId, e.code(), e.getMessage());
            return log.finish(id, SyncStatus.FAILED, null, base, jc.calls(), e.code() + ": " + e.getMessage());
        } catch (StaleSnapshotException e) {
            return log.finish(id, SyncStatus.FAILED, plan, base, jc.calls(),
                    "sync_stale: the snapshot changed during the run (SCIM or another writer); the next run catches up");
        } catch (RuntimeException e) {
            LOG.errorf(e, "sync of account %s failed unexpectedly", accountId);
            return log.finish(id, SyncStatus.FAILED, null, base, jc.calls(), "internal_error: " + e.getClass().getSimpleName());
        }
    }
}
