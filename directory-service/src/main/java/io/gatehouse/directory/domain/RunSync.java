package io.gatehouse.directory.domain;

import io.gatehouse.directory.client.JumpCloudClientFactory;
import io.gatehouse.directory.client.JumpCloudException;
import io.gatehouse.directory.client.JumpCloudSession;
import io.gatehouse.events.MemberSource;
import io.gatehouse.platform.domain.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Runs one reconciliation of an account: under the account's advisory lock, plans against the snapshot, then
 * records a DRY_RUN, HOLDs it behind the safety brake, or applies it. A JumpCloud failure records FAILED and
 * changes nothing. This is the only path that sends the API key (scheduled, manual and dry runs alike), and only to
 * the stored {@code apiBaseUrl} while it is on {@link ApiBaseUrls}' allow-list (409 {@code api_base_url_not_allowed}
 * otherwise).
 *
 * <p>{@link #start} takes the lock and records the RUNNING run, then runs it on the sync executor and returns at
 * once (the console's "Sync now"); {@link #run} runs it on the caller's thread (the scheduler, {@code wait=true}).
 * Either way the run records its progress — list pages read, organisation users compared of the total JumpCloud
 * announced, changes planned — at most every {@link #PROGRESS_EVERY_MILLIS} ms while it plans.
 */
@ApplicationScoped
public class RunSync {
    private static final Logger LOG = Logger.getLogger(RunSync.class);
    static final long PROGRESS_EVERY_MILLIS = 500;

    private final DirectoryConnectionRepository connections;
    private final SecretCipher cipher;
    private final SyncLock lock;
    private final SyncRunLog log;
    private final MemberSnapshotStore store;
    private final ApplyPlan applyPlan;
    private final JumpCloudClientFactory clients;
    private final ApiBaseUrls apiBaseUrls;
    private final SyncExecutor executor;

    public RunSync(
            DirectoryConnectionRepository connections,
            SecretCipher cipher,
            SyncLock lock,
            SyncRunLog log,
            MemberSnapshotStore store,
            ApplyPlan applyPlan,
            JumpCloudClientFactory clients,
            ApiBaseUrls apiBaseUrls,
            SyncExecutor executor) {
        this.apiBaseUrls = apiBaseUrls;
        this.executor = executor;
        this.connections = connections;
        this.cipher = cipher;
        this.lock = lock;
        this.log = log;
        this.store = store;
        this.applyPlan = applyPlan;
        this.clients = clients;
    }

    /** What a run needs, read in one short transaction. */
    record Target(ConnectionSettings settings, String apiKey) {}

    @Transactional
    Target target(String accountId) {
        DirectoryConnection c = connections
                .findByIdOptional(accountId)
                .orElseThrow(() ->
                        DomainException.notFound("directory_not_found", "no directory connection for this account"));
        if (c.apiKeyCiphertext() == null
                || c.applicationId() == null
                || c.applicationId().isBlank()) {
            throw DomainException.conflict(
                    "directory_incomplete",
                    "the directory connection needs an apiKey and an applicationId before it can sync");
        }
        if (!apiBaseUrls.allowed(c.apiBaseUrl())) {
            // saved before the allow-list existed, or the operator has since taken the host off it
            throw DomainException.conflict(
                    "api_base_url_not_allowed",
                    "the stored apiBaseUrl is not an allowed JumpCloud API host; save the connection with an allowed"
                            + " apiBaseUrl and the apiKey");
        }
        return new Target(ConnectionSettings.of(c), cipher.decrypt(accountId, c.apiKeyCiphertext()));
    }

    /** A run that holds its account's lock and has its RUNNING row. */
    private record Started(Target target, SyncLock.Held held, UUID id) {}

    /** Throws 409 {@code sync_in_progress} when another run of the account holds the lock. */
    private Started begin(String accountId, SyncTrigger trigger) {
        Target target = target(accountId);
        Optional<SyncLock.Held> held = lock.tryAcquire(accountId);
        if (held.isEmpty()) {
            throw DomainException.conflict("sync_in_progress", "a sync of this account is already running");
        }
        try {
            return new Started(target, held.get(), log.start(accountId, trigger));
        } catch (RuntimeException e) {
            held.get().close();
            throw e;
        }
    }

    /** Runs a sync to its end on this thread. Throws 409 {@code sync_in_progress} when one is already running. */
    public SyncRun run(String accountId, SyncTrigger trigger, boolean dryRun) {
        Started started = begin(accountId, trigger);
        try (SyncLock.Held ignored = started.held()) {
            return runLocked(started.target(), started.id(), dryRun);
        }
    }

    /**
     * Starts a sync and returns its RUNNING run at once; the run goes on in the background. Throws 409
     * {@code sync_in_progress} when one is already running and 503 {@code sync_busy} when every sync thread is
     * taken.
     */
    public SyncRun start(String accountId, SyncTrigger trigger, boolean dryRun) {
        Started started = begin(accountId, trigger);
        SyncRun running = log.get(started.id());
        try {
            executor.execute(() -> {
                try (SyncLock.Held ignored = started.held()) {
                    runLocked(started.target(), started.id(), dryRun);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "background sync %s of account %s failed", started.id(), accountId);
                }
            });
        } catch (RejectedExecutionException e) {
            started.held().close();
            log.finish(started.id(), SyncStatus.FAILED, null, 0, 0, "sync_busy: every sync thread is taken");
            throw DomainException.busy("sync_busy", "every sync thread of this replica is busy; try again shortly");
        }
        return running;
    }

    private SyncRun runLocked(Target target, UUID id, boolean dryRun) {
        ConnectionSettings s = target.settings();
        String accountId = s.accountId();
        JumpCloudSession jc = clients.open(s.apiBaseUrl(), target.apiKey(), s.orgId());
        long base = store.version(accountId);
        Reconciler.Plan plan = null;
        try {
            Map<String, SnapshotEntry> snapshot = store.loadCompact(accountId);
            ProgressWriter progress = new ProgressWriter(id, jc);
            plan = new Reconciler(jc, s.roleMapping()).plan(s.applicationId(), snapshot, progress);
            progress.write(plan.changes().size());
            int revocations = (int) plan.count(ChangeKind.REVOKE);
            if (!plan.unresolved().isEmpty()) {
                LOG.warnf(
                        "sync of account %s: %d SCIM-pushed members match no JumpCloud user by email; kept, not"
                                + " revoked (see the run's unresolvedMembers)",
                        accountId, plan.unresolved().size());
            }
            SyncStatus status;
            if (dryRun) {
                status = SyncStatus.DRY_RUN;
            } else if (MemberDiff.exceedsBrake(
                    revocations, plan.membersBefore(), s.brakeMaxFraction(), s.brakeMinCount())) {
                status = SyncStatus.HELD;
                LOG.warnf(
                        "sync of account %s held: %d revocations of %d members",
                        accountId, revocations, plan.membersBefore());
            } else {
                applyPlan.apply(accountId, plan.changes(), MemberSource.SYNC, base);
                status = SyncStatus.APPLIED;
            }
            return log.finish(id, status, plan, base, jc.calls(), null);
        } catch (JumpCloudException e) {
            LOG.warnf("sync of account %s failed: %s (%s)", accountId, e.code(), e.getMessage());
            return log.finish(id, SyncStatus.FAILED, null, base, jc.calls(), e.code() + ": " + e.getMessage());
        } catch (StaleSnapshotException e) {
            return log.finish(
                    id,
                    SyncStatus.FAILED,
                    plan,
                    base,
                    jc.calls(),
                    "sync_stale: the snapshot changed during the run (SCIM or another writer); the next run catches up");
        } catch (RuntimeException e) {
            LOG.errorf(e, "sync of account %s failed unexpectedly", accountId);
            return log.finish(
                    id,
                    SyncStatus.FAILED,
                    null,
                    base,
                    jc.calls(),
                    "internal_error: " + e.getClass().getSimpleName());
        }
    }

    /** Writes a run's progress at most every {@link #PROGRESS_EVERY_MILLIS} ms, and once more when planning ends. */
    private final class ProgressWriter implements Reconciler.Progress {
        private final UUID id;
        private final JumpCloudSession jc;
        private long lastWrite;
        private int seen;

        ProgressWriter(UUID id, JumpCloudSession jc) {
            this.id = id;
            this.jc = jc;
        }

        @Override
        public void compared(int membersSeen, int changesPlanned) {
            seen = membersSeen;
            long now = System.nanoTime();
            if (lastWrite == 0 || now - lastWrite >= PROGRESS_EVERY_MILLIS * 1_000_000) {
                lastWrite = now;
                write(changesPlanned);
            }
        }

        void write(int changesPlanned) {
            log.progress(id, jc.pagesRead(), seen, jc.systemUsersTotal(), changesPlanned);
        }
    }
}
