package io.gatehouse.platform;

import io.gatehouse.events.AccountUpserted;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.platform.messaging.ConsumedRecord;
import io.gatehouse.platform.messaging.EventHandler;
import io.gatehouse.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Set;

/**
 * A consumer for the tracing tests that behaves like user-service: for an account event named "relay" on its own
 * topic it publishes a follow-up event ("relayed", same account, on the accounts topic) through the outbox, in the
 * consumer's transaction. Its own topic keeps it away from the other tests' poison messages.
 */
@ApplicationScoped
public class TraceRelay implements EventHandler {
    static final String RELAY = "relay";
    static final String RELAYED = "relayed";
    static final String TOPIC = "gatehouse.platform-test.trace.v1";

    private final Outbox outbox;

    public TraceRelay(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public String name() {
        return "trace-relay";
    }

    @Override
    public Set<String> topics() {
        return Set.of(TOPIC);
    }

    @Override
    public void handle(GatehouseEvent event, ConsumedRecord record) {
        if (event instanceof AccountUpserted a && RELAY.equals(a.name())) {
            outbox.publish(AccountUpserted.of(Instant.now(), a.accountId(), RELAYED, a.plan()));
        }
    }
}
