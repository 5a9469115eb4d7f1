package io.gatehouse.users.domain;

import io.gatehouse.events.AccountUpserted;
import io.gatehouse.events.Plan;
import io.gatehouse.platform.domain.DomainException;
import io.gatehouse.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** The operator creates or changes an account; each real change emits AccountUpserted in the same transaction. */
@ApplicationScoped
public class CreateOrUpdateAccount {
    public static final int MAX_NAME = 200;

    private final AccountRepository accounts;
    private final Outbox outbox;
    private final Audit audit;
    private final Clock clock;

    public CreateOrUpdateAccount(AccountRepository accounts, Outbox outbox, Audit audit, Clock clock) {
        this.accounts = accounts;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    public record Result(Account account, boolean created) {}

    @Transactional
    public Result apply(String accountId, String name, Plan plan, Actor actor) {
        if (!AccountIds.isValid(accountId)) {
            throw DomainException.invalid("validation_failed", "accountId must match [a-z0-9][a-z0-9-]{1,62}");
        }
        String trimmed = name == null ? null : name.strip();
        if (trimmed == null || trimmed.isEmpty() || trimmed.length() > MAX_NAME) {
            throw DomainException.invalid("validation_failed", "name is required, at most " + MAX_NAME + " characters");
        }
        if (plan == null) {
            throw DomainException.invalid(
                    "validation_failed", "plan is required: FREE, STANDARD, BUSINESS or ENTERPRISE");
        }
        Instant now = clock.instant();
        Account account = accounts.findForUpdate(accountId).orElse(null);
        if (account == null) {
            account = Account.create(accountId, trimmed, plan, now);
            accounts.persist(account);
            changed(account, AuditType.ACCOUNT_CREATED, actor);
            return new Result(account, true);
        }
        if (account.change(trimmed, plan, now)) {
            changed(account, AuditType.ACCOUNT_UPDATED, actor);
        }
        return new Result(account, false);
    }

    private void changed(Account account, AuditType type, Actor actor) {
        outbox.publish(AccountUpserted.of(clock.instant(), account.id(), account.name(), account.plan()));
        audit.record(
                account.id(),
                null,
                type,
                actor.cause(type == AuditType.ACCOUNT_CREATED ? "created" : "updated"),
                Map.of("name", account.name(), "plan", account.plan().name()));
    }
}
