package io.gatehouse.platform.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The relay's sleeps: idle, doubling up to the maximum and back to the poll interval when woken (ADR 0021); busy,
 * what is left of the batch interval (ADR 0030).
 */
class OutboxRelayIdleTest {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX = Duration.ofSeconds(10);

    @Test
    void anIdleRelaySleepsLongerAfterEachEmptyPollUpToTheMaximum() {
        List<Long> sleeps = new ArrayList<>();
        Duration idle = POLL;
        for (int i = 0; i < 9; i++) {
            sleeps.add(idle.toMillis());
            idle = OutboxRelay.nextIdleWait(idle, false, POLL, MAX);
        }
        assertEquals(List.of(200L, 400L, 800L, 1600L, 3200L, 6400L, 10000L, 10000L, 10000L), sleeps);
    }

    @Test
    void aCommitThatWakesTheRelayBringsBackTheShortPoll() {
        assertEquals(POLL, OutboxRelay.nextIdleWait(MAX, true, POLL, MAX));
    }

    @Test
    void aMaximumBelowThePollIntervalKeepsThePollInterval() {
        assertEquals(POLL, OutboxRelay.nextIdleWait(POLL, false, POLL, Duration.ofMillis(50)));
    }

    @Test
    void aBusyRelayWaitsWhatIsLeftOfTheBatchIntervalSinceItsLastPassStarted() {
        Duration interval = Duration.ofMillis(20);
        long started = 1_000_000_000L;
        assertEquals(Duration.ofMillis(20), OutboxRelay.remaining(started, started, interval));
        assertEquals(Duration.ofMillis(14), OutboxRelay.remaining(started, started + 6_000_000L, interval));
        assertEquals(Duration.ZERO, OutboxRelay.remaining(started, started + 20_000_000L, interval), "due now");
        assertEquals(Duration.ZERO, OutboxRelay.remaining(started, started + 35_000_000L, interval), "overdue");
        assertEquals(Duration.ZERO, OutboxRelay.remaining(started, started + 1, Duration.ZERO), "no interval");
    }

    @Test
    void theSignalSaysWhetherItWasWoken() throws InterruptedException {
        OutboxSignal signal = new OutboxSignal();
        assertFalse(signal.await(Duration.ofMillis(1)), "nobody woke it");
        signal.wake();
        assertTrue(signal.await(Duration.ofSeconds(10)), "woken before the call");
        assertFalse(signal.await(Duration.ofMillis(1)), "the wake-up was used once");
    }
}
