package io.gatehouse.sso.messaging;

import io.gatehouse.events.AccountUpserted;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.Topics;
import io.gatehouse.platform.messaging.ConsumedRecord;
import io.gatehouse.platform.messaging.EventHandler;
import io.gatehouse.sso.domain.Account;
import io.gatehouse.sso.domain.AccountRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/** Keeps each account's plan (AccountUpserted), which decides whether SSO may be configured. */
@ApplicationScoped
public class AccountEventsHandler implements EventHandler {
    private final AccountRepository accounts;

    public AccountEventsHandler(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public String name() {
        return "accounts";
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.ACCOUNTS);
    }

    @Override
    public void handle(GatehouseEvent event, ConsumedRecord record) {
        if (!(event instanceof AccountUpserted upserted)) {
            return; // other account events are not ours
        }
        Account account = accounts.findById(upserted.accountId());
        if (account == null) {
            account = new Account();
            account.accountId = upserted.accountId();
            account.name = upserted.name();
            account.plan = upserted.plan();
            account.updatedAt = upserted.occurredAt();
            accounts.persist(account);
        } else if (!upserted.occurredAt().isBefore(account.updatedAt)) {
            account.name = upserted.name();
            account.plan = upserted.plan();
            account.updatedAt = upserted.occurredAt();
        }
    }
}
