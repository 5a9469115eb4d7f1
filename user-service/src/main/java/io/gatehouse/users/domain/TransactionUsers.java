package io.gatehouse.users.domain;

import jakarta.transaction.TransactionScoped;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The users already locked or created in the current transaction, by email and by directory id. The consumer
 * applies a poll batch of up to 500 events in one transaction: with this, the second and later events of a user
 * find it without a query, and lookups of other users need not flush pending changes first, so Hibernate writes
 * the whole batch once, at commit, in JDBC batches.
 */
@TransactionScoped
public class TransactionUsers implements Serializable {
    private final Map<String, User> byEmail = new HashMap<>();
    private final Map<String, User> byExternalId = new HashMap<>();

    public User byEmail(String accountId, String email) {
        return byEmail.get(accountId + "\n" + email.toLowerCase(Locale.ROOT));
    }

    public User byExternalId(String accountId, String externalId) {
        return externalId == null ? null : byExternalId.get(accountId + "\n" + externalId);
    }

    /** Remembers a locked or new user under its current email and external id. */
    public void remember(User user) {
        byEmail.put(user.accountId() + "\n" + user.email().toLowerCase(Locale.ROOT), user);
        if (user.externalId() != null) {
            byExternalId.put(user.accountId() + "\n" + user.externalId(), user);
        }
    }
}
