package io.gatehouse.sso.domain;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Deletes expired AuthnRequests, RelayStates, replay entries and old sessions (safe on every replica). */
@ApplicationScoped
public class PurgeExpired {
    private final AuthnRequestRepository requests;
    private final RelayStateRepository relays;
    private final ReplayCache replay;
    private final SessionRepository sessions;
    private final Clock clock;

    public PurgeExpired(
            AuthnRequestRepository requests,
            RelayStateRepository relays,
            ReplayCache replay,
            SessionRepository sessions,
            Clock clock) {
        this.requests = requests;
        this.relays = relays;
        this.replay = replay;
        this.sessions = sessions;
        this.clock = clock;
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        Instant now = clock.instant();
        // keep used requests a day so a late replay is still answered with "correlation"
        requests.purgeExpired(now.minus(Duration.ofDays(1)));
        relays.purgeExpired(now);
        replay.purgeExpired(now);
        sessions.purgeEnded(now.minus(Duration.ofDays(7)));
    }
}
