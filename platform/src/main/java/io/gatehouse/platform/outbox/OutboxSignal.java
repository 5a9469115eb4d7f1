package io.gatehouse.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Wakes the relay when a transaction with outbox rows commits, so events leave without waiting for a poll. */
@ApplicationScoped
public class OutboxSignal {
    private final Object lock = new Object();
    private boolean pending;

    public void wake() {
        synchronized (lock) {
            pending = true;
            lock.notifyAll();
        }
    }

    /** Waits until woken or the timeout passes; true when woken (now or before the call). */
    public boolean await(Duration timeout) throws InterruptedException {
        synchronized (lock) {
            if (!pending) {
                lock.wait(Math.max(1, timeout.toMillis()));
            }
            boolean woken = pending;
            pending = false;
            return woken;
        }
    }
}
