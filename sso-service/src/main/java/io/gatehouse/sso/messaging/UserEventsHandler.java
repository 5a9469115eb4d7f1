package io.gatehouse.sso.messaging;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.UserProvisioned;
import io.gatehouse.events.UserRestored;
import io.gatehouse.events.UserRevoked;
import io.gatehouse.events.UserRoleChanged;
import io.gatehouse.platform.messaging.ConsumedRecord;
import io.gatehouse.platform.messaging.EventBatches;
import io.gatehouse.platform.messaging.EventHandler;
import io.gatehouse.sso.domain.KnownUserRepository;
import io.gatehouse.sso.domain.SessionRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Learns user ids and roles (UserProvisioned, UserRoleChanged) so sessions carry them, and applies revocation:
 * UserRevoked ends all of that user's sessions and refuses new logins until UserRestored.
 */
@ApplicationScoped
public class UserEventsHandler implements EventHandler {
    private static final Logger LOG = Logger.getLogger(UserEventsHandler.class);

    private final EventBatches batches;
    private final KnownUserRepository users;
    private final SessionRepository sessions;
    private final MeterRegistry metrics;

    public UserEventsHandler(
            KnownUserRepository users, SessionRepository sessions, MeterRegistry metrics, EventBatches batches) {
        this.batches = batches;
        this.users = users;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "users";
    }

    /** Each poll batch of the {@code users} channel (mp.messaging.incoming.users.*), applied in one transaction. */
    @Incoming("users")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return batches.apply(this, batch);
    }

    @Override
    public void handle(GatehouseEvent event, ConsumedRecord record) {
        if (event instanceof UserProvisioned e) {
            users.announce(e.accountId(), e.userId(), e.email(), e.role(), null, e.occurredAt());
        } else if (event instanceof UserRoleChanged e) {
            users.announce(e.accountId(), e.userId(), e.email(), e.role(), null, e.occurredAt());
        } else if (event instanceof UserRestored e) {
            users.announce(e.accountId(), e.userId(), e.email(), e.role(), false, e.occurredAt());
        } else if (event instanceof UserRevoked e) {
            String email = users.announce(e.accountId(), e.userId(), e.email(), null, true, e.occurredAt());
            int ended = sessions.endForUser(e.accountId(), e.userId(), email, "user_revoked", Instant.now());
            metrics.counter("gatehouse.sso.sessions.revoked").increment(ended);
            LOG.infof(
                    "user %s of account %s revoked (%s): %d session(s) ended",
                    e.userId(), e.accountId(), e.reason(), ended);
        }
    }
}
