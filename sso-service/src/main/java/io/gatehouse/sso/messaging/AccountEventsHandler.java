package io.gatehouse.sso.messaging;

import io.gatehouse.events.AccountUpserted;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.platform.messaging.ConsumedRecord;
import io.gatehouse.platform.messaging.EventBatches;
import io.gatehouse.platform.messaging.EventHandler;
import io.gatehouse.sso.domain.Account;
import io.gatehouse.sso.domain.AccountRepository;
import io.gatehouse.sso.domain.ConnectionSnapshots;
import io.gatehouse.sso.domain.SessionRepository;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps each account's plan (AccountUpserted), which decides whether SSO may be configured and used. When an
 * account's plan no longer includes SSO, its open sessions end in the same transaction (reason
 * {@code plan_downgraded}) and the ACS's cached connection snapshot is dropped, so neither a login start nor the
 * ACS accepts a login from then on.
 */
@ApplicationScoped
public class AccountEventsHandler implements EventHandler {
    private final EventBatches batches;
    private final AccountRepository accounts;
    private final SessionRepository sessions;
    private final Event<ConnectionSnapshots.SsoConnectionChanged> changed;
    private final Clock clock;

    public AccountEventsHandler(
            AccountRepository accounts,
            SessionRepository sessions,
            Event<ConnectionSnapshots.SsoConnectionChanged> changed,
            Clock clock,
            EventBatches batches) {
        this.batches = batches;
        this.accounts = accounts;
        this.sessions = sessions;
        this.changed = changed;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "accounts";
    }

    /** Each poll batch of the {@code accounts} channel (mp.messaging.incoming.accounts.*), applied in one transaction. */
    @Incoming("accounts")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return batches.apply(this, batch);
    }

    @Override
    public void handle(GatehouseEvent event, ConsumedRecord record) {
        if (!(event instanceof AccountUpserted upserted)) {
            return; // other account events are not ours
        }
        Account account = accounts.findById(upserted.accountId());
        if (account == null) {
            account = Account.create(upserted.accountId(), upserted.name(), upserted.plan(), upserted.occurredAt());
            accounts.persist(account);
        } else if (!account.announce(upserted.name(), upserted.plan(), upserted.occurredAt())) {
            return; // an older announcement: the plan we hold is newer
        }
        if (account.plan() == null || !account.plan().allowsSso()) {
            sessions.endForAccount(account.accountId(), "plan_downgraded", clock.instant());
        }
        changed.fire(new ConnectionSnapshots.SsoConnectionChanged(account.accountId()));
    }
}
