package io.gatehouse.directory.domain;

import io.gatehouse.directory.config.DirectoryConfig;
import io.gatehouse.platform.domain.DomainException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The scheduler tick: finds accounts whose sync is due, claims each with a compare-and-set of
 * {@code next_sync_at} (so two replicas never both start it from the same tick), and runs it under the account's
 * advisory lock.
 */
@ApplicationScoped
public class RunDueSyncs {
    private static final Logger LOG = Logger.getLogger(RunDueSyncs.class);

    private final EntityManager em;
    private final RunSync runSync;
    private final Clock clock;
    private final DirectoryConfig config;

    public RunDueSyncs(EntityManager em, RunSync runSync, Clock clock, DirectoryConfig config) {
        this.em = em;
        this.runSync = runSync;
        this.clock = clock;
        this.config = config;
    }

    @Scheduled(
            every = "${gatehouse.directory.scheduler.tick:10s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (config.scheduler().enabled()) {
            runDue();
        }
    }

    /** Runs every due account once; returns how many runs were started. */
    public int runDue() {
        int started = 0;
        for (String accountId : dueAccounts()) {
            if (!claim(accountId)) {
                continue;
            }
            try {
                runSync.run(accountId, SyncTrigger.SCHEDULED, false);
                started++;
            } catch (DomainException e) {
                LOG.debugf("scheduled sync of %s skipped: %s", accountId, e.code());
            } catch (RuntimeException e) {
                LOG.errorf(e, "scheduled sync of %s failed", accountId);
            }
        }
        return started;
    }

    @Transactional
    @SuppressWarnings("unchecked")
    List<String> dueAccounts() {
        return em.createNativeQuery("select account_id from directory_connection where sync_interval_seconds > 0"
                        + " and next_sync_at <= ?1 order by next_sync_at limit 100")
                .setParameter(1, Timestamp.from(clock.instant()))
                .getResultList();
    }

    @Transactional
    boolean claim(String accountId) {
        Instant now = clock.instant();
        return em.createNativeQuery(
                                "update directory_connection set next_sync_at = cast(?1 as timestamptz)"
                                        + " + make_interval(secs => sync_interval_seconds)"
                                        + " where account_id = ?2 and sync_interval_seconds > 0 and next_sync_at <= cast(?1 as timestamptz)")
                        .setParameter(1, Timestamp.from(now))
                        .setParameter(2, accountId)
                        .executeUpdate()
                == 1;
    }
}
