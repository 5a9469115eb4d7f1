package io.gatehouse.users.messaging;

import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.LoginFailed;
import io.gatehouse.events.LoginSucceeded;
import io.gatehouse.events.Topics;
import io.gatehouse.platform.messaging.ConsumedRecord;
import io.gatehouse.platform.messaging.EventBatches;
import io.gatehouse.platform.messaging.EventHandler;
import io.gatehouse.users.domain.ApplyLogin;
import io.gatehouse.users.domain.InvalidEventDataException;
import io.gatehouse.users.domain.RecordLoginFailure;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code gatehouse.sso.logins.v1}: just-in-time users and last-login times; failed logins go to the audit
 * trail. Any other event type on the topic is rejected (dead-lettered by the platform).
 */
@ApplicationScoped
public class LoginEventsHandler implements EventHandler {
    private final EventBatches batches;
    private final ApplyLogin applyLogin;
    private final RecordLoginFailure recordLoginFailure;

    public LoginEventsHandler(ApplyLogin applyLogin, RecordLoginFailure recordLoginFailure, EventBatches batches) {
        this.batches = batches;
        this.applyLogin = applyLogin;
        this.recordLoginFailure = recordLoginFailure;
    }

    @Override
    public String name() {
        return "logins";
    }

    /** Each poll batch of the {@code logins} channel (mp.messaging.incoming.logins.*), applied in one transaction. */
    @Incoming("logins")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return batches.apply(this, batch);
    }

    @Override
    public void handle(GatehouseEvent event, ConsumedRecord meta) {
        if (event instanceof LoginSucceeded login) {
            applyLogin.apply(login);
        } else if (event instanceof LoginFailed failed) {
            recordLoginFailure.apply(failed);
        } else {
            throw new InvalidEventDataException("unexpected " + event.eventType() + " on " + Topics.SSO_LOGINS);
        }
    }
}
