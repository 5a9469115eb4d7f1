package io.gatehouse.users.domain;

import io.gatehouse.events.LoginFailed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A refused SSO login goes to the account's audit trail only; no user is created or changed. An aggregate of
 * refusals before the signature check (one per account, code and minute) is one entry with its {@code count}.
 */
@ApplicationScoped
public class RecordLoginFailure {
    private final UserRepository users;
    private final Audit audit;

    public RecordLoginFailure(UserRepository users, Audit audit) {
        this.users = users;
        this.audit = audit;
    }

    @Transactional
    public void apply(LoginFailed event) {
        EventChecks.account(event);
        EventChecks.present(event, event.code(), "code");
        UUID userId = event.email() == null
                ? null
                : users.findByEmail(event.accountId(), event.email())
                        .map(User::id)
                        .orElse(null);
        Map<String, Object> details = new LinkedHashMap<>();
        if (event.email() != null) {
            details.put("email", EventChecks.limit(event.email(), 320));
        }
        if (event.category() != null) {
            details.put("category", event.category());
        }
        if (event.referenceId() != null) {
            details.put("referenceId", event.referenceId());
        }
        if (event.count() != null) {
            // an aggregate: this many responses refused before their signature was checked, in one minute
            details.put("count", event.count());
        }
        audit.record(
                event.accountId(),
                userId,
                AuditType.LOGIN_FAILED,
                new Cause(Cause.SSO, event.eventId(), EventChecks.limit(event.code(), 64)),
                details);
    }
}
