package io.gatehouse.directory.domain;

import io.gatehouse.directory.config.DirectoryConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run the syncs started from the API ({@link RunSync#start}): at most
 * {@code gatehouse.directory.sync-threads} at once and no queue, since a waiting run would hold its account's lock
 * (and a database connection) while doing nothing; a start beyond that is refused (503 {@code sync_busy}).
 */
@ApplicationScoped
public class SyncExecutor implements Executor {
    private final ThreadPoolExecutor pool;

    public SyncExecutor(DirectoryConfig config) {
        AtomicInteger n = new AtomicInteger();
        this.pool =
                new ThreadPoolExecutor(0, config.syncThreads(), 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "directory-sync-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public void execute(Runnable run) {
        pool.execute(run);
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }
}
