package io.gatehouse.users.domain;

import io.gatehouse.events.Role;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    private static final String FLUSH_MODE_HINT = "org.hibernate.flushMode";
    private static final String LOCK_FOR_MEMBER = "select * from app_user where id in ("
            + "select id from app_user where account_id = ?1 and external_id = ?2"
            + " union all select id from app_user where account_id = ?1 and lower(email) = ?3)"
            + " order by (external_id = ?2) is true desc limit 1 for no key update";
    /**
     * Every user matching any of the members ({@code ?1..?3}: parallel arrays of account, JumpCloud id, lower-cased
     * email), locked in id order so two transactions locking overlapping sets cannot deadlock. Shaped so that its
     * plan does not depend on table statistics: a LATERAL pair of index lookups per member, and the rows fetched by
     * primary key from the resulting id array (a join or {@code IN} here lets PostgreSQL choose a scan of the whole
     * table when its statistics are stale, which a fresh, fast-growing table always has). Public for the
     * benchmark's plan check.
     */
    public static final String LOCK_MEMBERS_SQL = "select * from app_user where id = any(array("
            + "select m.id from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[])) k(account_id, external_id, email)"
            + " cross join lateral ("
            + "select u.id from app_user u where u.account_id = k.account_id and u.external_id = k.external_id"
            + " union all select u.id from app_user u where u.account_id = k.account_id and lower(u.email) = k.email) m))"
            + " order by id for no key update";

    private final TransactionUsers touched;

    public UserRepository(TransactionUsers touched) {
        this.touched = touched;
    }

    /**
     * The user with this email (case-insensitive), locked for the rest of the transaction. A user already
     * touched in this transaction is answered from memory; otherwise the query does not flush pending changes
     * (they concern only users touched in this transaction, which are answered from memory).
     */
    public Optional<User> lockByEmail(String accountId, String email) {
        User known = touched.byEmail(accountId, email);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<User> found = find("accountId = ?1 and lower(email) = ?2", accountId, lower(email))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(FLUSH_MODE_HINT, "COMMIT")
                .firstResultOptional();
        found.ifPresent(touched::remember);
        return found;
    }

    /**
     * The directory member: matched by JumpCloud id first (the email may have changed), else by email; locked
     * for the rest of the transaction.
     */
    public Optional<User> lockForMember(String accountId, String externalId, String email) {
        User known = touched.byExternalId(accountId, externalId);
        if (known == null) {
            known = touched.byEmail(accountId, email);
        }
        if (known != null) {
            return Optional.of(known);
        }
        if (touched.wasLookedUp(accountId, externalId, email)) {
            return Optional.empty();
        }
        if (externalId == null) {
            return lockByEmail(accountId, email);
        }
        // one round trip: two index lookups (rather than an OR, which PostgreSQL may plan as a scan of the
        // account) joined by UNION ALL; the JumpCloud id match wins and only the returned row is locked
        List<User> found = getSession()
                .createNativeQuery(LOCK_FOR_MEMBER, User.class)
                .setParameter(1, accountId)
                .setParameter(2, externalId)
                .setParameter(3, lower(email))
                .setHint(FLUSH_MODE_HINT, "COMMIT")
                .getResultList();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        User user = found.get(0);
        touched.remember(user);
        return Optional.of(user);
    }

    /**
     * Looks up and locks, in one statement, every existing user that any of these directory members matches,
     * and remembers them and the members for the rest of the transaction: {@link #lockForMember} then answers
     * each of them from memory (a member matching nobody is new). Rows are locked in id order.
     */
    public void lockMembers(List<MemberKey> members) {
        List<MemberKey> unknown = members.stream()
                .filter(m -> !touched.wasLookedUp(m.accountId(), m.externalId(), m.email()))
                .distinct()
                .toList();
        if (unknown.isEmpty()) {
            return;
        }
        String[] accounts = new String[unknown.size()];
        String[] externalIds = new String[unknown.size()];
        String[] emails = new String[unknown.size()];
        for (int i = 0; i < accounts.length; i++) {
            MemberKey m = unknown.get(i);
            accounts[i] = m.accountId();
            externalIds[i] = m.externalId();
            emails[i] = lower(m.email());
        }
        List<User> found = getSession()
                .createNativeQuery(LOCK_MEMBERS_SQL, User.class)
                .setParameter(1, accounts)
                .setParameter(2, externalIds)
                .setParameter(3, emails)
                .setHint(FLUSH_MODE_HINT, "COMMIT")
                .getResultList();
        // a user already managed in this transaction comes back as the same instance, with its newer state
        found.forEach(touched::remember);
        unknown.forEach(m -> touched.lookedUp(m.accountId(), m.externalId(), m.email()));
    }

    /** A directory member as events name it: account, JumpCloud id (may be null) and email. */
    public record MemberKey(String accountId, String externalId, String email) {}

    /** A new user: persisted (written at commit) and remembered for the rest of the transaction. */
    public void add(User user) {
        persist(user);
        touched.remember(user);
    }

    /** After a change of email or external id, so later events of this transaction find the user. */
    public void remember(User user) {
        touched.remember(user);
    }

    public Optional<User> findByEmail(String accountId, String email) {
        return find("accountId = ?1 and lower(email) = ?2", accountId, lower(email))
                .firstResultOptional();
    }

    public Optional<User> findInAccount(String accountId, UUID id) {
        return find("accountId = ?1 and id = ?2", accountId, id).firstResultOptional();
    }

    public Optional<User> lockInAccount(String accountId, UUID id) {
        return find("accountId = ?1 and id = ?2", accountId, id)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** One page of the account's users, filtered, ordered by email; and the total matching. */
    public Result search(String accountId, UserStatus status, Role role, String q, int page, int size) {
        StringBuilder where = new StringBuilder("accountId = :account");
        Parameters params = Parameters.with("account", accountId);
        if (status != null) {
            where.append(" and status = :status");
            params.and("status", status);
        }
        if (role != null) {
            where.append(" and role = :role");
            params.and("role", role);
        }
        if (q != null && !q.isBlank()) {
            where.append(" and (lower(email) like :q escape '\\' or lower(firstName) like :q escape '\\'"
                    + " or lower(lastName) like :q escape '\\')");
            params.and("q", "%" + escapeLike(lower(q.strip())) + "%");
        }
        PanacheQuery<User> query = find(where.toString(), Sort.by("email").and("id"), params);
        long total = query.count();
        List<User> items = query.page(Page.of(page, size)).list();
        return new Result(items, total);
    }

    public record Result(List<User> items, long total) {}

    public Map<UserStatus, Long> countByStatus(String accountId) {
        Map<UserStatus, Long> counts = new EnumMap<>(UserStatus.class);
        for (UserStatus s : UserStatus.values()) {
            counts.put(s, 0L);
        }
        getEntityManager()
                .createQuery(
                        "select u.status, count(u) from User u where u.accountId = :a group by u.status",
                        Object[].class)
                .setParameter("a", accountId)
                .getResultList()
                .forEach(row -> counts.put((UserStatus) row[0], (Long) row[1]));
        return counts;
    }

    /** Counts by effective role; {@code status} null counts every user. */
    public Map<Role, Long> countByRole(String accountId, UserStatus status) {
        Map<Role, Long> counts = new EnumMap<>(Role.class);
        for (Role r : Role.values()) {
            counts.put(r, 0L);
        }
        String jpql = "select u.role, count(u) from User u where u.accountId = :a"
                + (status == null ? "" : " and u.status = :s") + " group by u.role";
        var query = getEntityManager().createQuery(jpql, Object[].class).setParameter("a", accountId);
        if (status != null) {
            query.setParameter("s", status);
        }
        query.getResultList().forEach(row -> counts.put((Role) row[0], (Long) row[1]));
        return counts;
    }

    public Map<UserSource, Long> countBySource(String accountId) {
        Map<UserSource, Long> counts = new EnumMap<>(UserSource.class);
        for (UserSource s : UserSource.values()) {
            counts.put(s, 0L);
        }
        getEntityManager()
                .createQuery(
                        "select u.source, count(u) from User u where u.accountId = :a group by u.source",
                        Object[].class)
                .setParameter("a", accountId)
                .getResultList()
                .forEach(row -> counts.put((UserSource) row[0], (Long) row[1]));
        return counts;
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
