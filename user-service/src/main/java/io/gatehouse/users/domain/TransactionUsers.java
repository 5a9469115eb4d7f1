package io.gatehouse.users.domain;

import jakarta.transaction.TransactionScoped;
import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The users already locked or created in the current transaction, by email and by directory id. The consumer
 * applies a poll batch of up to 500 events in one transaction: with this, the second and later events of a user
 * find it without a query, and lookups of other users need not flush pending changes first, so Hibernate writes
 * the whole batch once, at commit, in JDBC batches. When a whole batch's members were looked up in advance
 * ({@link UserRepository#lockMembers}), it also knows which of them did not exist, so they need no query either.
 */
@TransactionScoped
public class TransactionUsers implements Serializable {
    private final Map<String, User> byEmail = new HashMap<>();
    private final Map<String, User> byExternalId = new HashMap<>();
    private final Set<String> lookedUp = new HashSet<>();

    public User byEmail(String accountId, String email) {
        return byEmail.get(accountId + "\n" + email.toLowerCase(Locale.ROOT));
    }

    public User byExternalId(String accountId, String externalId) {
        return externalId == null ? null : byExternalId.get(accountId + "\n" + externalId);
    }

    /** Notes that the users matching this member (by directory id or email) are all already remembered. */
    public void lookedUp(String accountId, String externalId, String email) {
        lookedUp.add(memberKey(accountId, externalId, email));
    }

    /** Whether {@link #lookedUp} was called for this member: a member not remembered then does not exist. */
    public boolean wasLookedUp(String accountId, String externalId, String email) {
        return lookedUp.contains(memberKey(accountId, externalId, email));
    }

    private static String memberKey(String accountId, String externalId, String email) {
        return accountId + "\n" + (externalId == null ? "" : externalId) + "\n" + email.toLowerCase(Locale.ROOT);
    }

    /** Remembers a locked or new user under its current email and external id. */
    public void remember(User user) {
        byEmail.put(user.accountId() + "\n" + user.email().toLowerCase(Locale.ROOT), user);
        if (user.externalId() != null) {
            byExternalId.put(user.accountId() + "\n" + user.externalId(), user);
        }
    }
}
