package io.gatehouse.platform;

import io.gatehouse.events.AccountUpserted;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.platform.messaging.ConsumedRecord;
import io.gatehouse.platform.messaging.EventBatches;
import io.gatehouse.platform.messaging.EventHandler;
import io.gatehouse.platform.outbox.Outbox;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

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
    private final EventBatches batches;

    public TraceRelay(Outbox outbox, EventBatches batches) {
        this.outbox = outbox;
        this.batches = batches;
    }

    @Override
    public String name() {
        return "trace-relay";
    }

    @Incoming("trace-relay")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> records) {
        return batches.apply(this, records);
    }

    @Override
    public void handle(GatehouseEvent event, ConsumedRecord record) {
        if (event instanceof AccountUpserted a && RELAY.equals(a.name())) {
            outbox.publish(AccountUpserted.of(Instant.now(), a.accountId(), RELAYED, a.plan()));
        }
    }
}
