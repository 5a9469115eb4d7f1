package io.gatehouse.directory.scim;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistence of SCIM users, groups and memberships of one account (all queries are scoped by account). */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ScimStore {
    private final EntityManager em;

    public ScimStore(EntityManager em) {
        this.em = em;
    }

    public Optional<ScimUser> user(String accountId, UUID id) {
        ScimUser u = em.find(ScimUser.class, id);
        return u != null && u.accountId().equals(accountId) ? Optional.of(u) : Optional.empty();
    }

    public Optional<ScimUser> userForUpdate(String accountId, UUID id) {
        ScimUser u = em.find(ScimUser.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        return u != null && u.accountId().equals(accountId) ? Optional.of(u) : Optional.empty();
    }

    public Optional<ScimUser> userByName(String accountId, String userName) {
        return em.createQuery("from ScimUser where accountId = ?1 and lower(userName) = lower(?2)", ScimUser.class)
                .setParameter(1, accountId)
                .setParameter(2, userName)
                .getResultStream()
                .findFirst();
    }

    public List<ScimUser> usersWhere(String accountId, String attribute, String value, int offset, int limit) {
        String cond = switch (attribute) {
            case "userName" -> "lower(userName) = lower(?2)";
            case "externalId" -> "externalId = ?2";
            default -> throw new IllegalArgumentException(attribute);
        };
        return em.createQuery(
                        "from ScimUser where accountId = ?1 and " + cond + " order by createdAt, id", ScimUser.class)
                .setParameter(1, accountId)
                .setParameter(2, value)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    public long countUsersWhere(String accountId, String attribute, String value) {
        String cond = switch (attribute) {
            case "userName" -> "lower(userName) = lower(?2)";
            case "externalId" -> "externalId = ?2";
            default -> throw new IllegalArgumentException(attribute);
        };
        return em.createQuery("select count(*) from ScimUser where accountId = ?1 and " + cond, Long.class)
                .setParameter(1, accountId)
                .setParameter(2, value)
                .getSingleResult();
    }

    public List<ScimUser> users(String accountId, int offset, int limit) {
        return em.createQuery("from ScimUser where accountId = ?1 order by createdAt, id", ScimUser.class)
                .setParameter(1, accountId)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    public long countUsers(String accountId) {
        return em.createQuery("select count(*) from ScimUser where accountId = ?1", Long.class)
                .setParameter(1, accountId)
                .getSingleResult();
    }

    public Optional<ScimGroup> group(String accountId, UUID id) {
        ScimGroup g = em.find(ScimGroup.class, id);
        return g != null && g.accountId().equals(accountId) ? Optional.of(g) : Optional.empty();
    }

    public Optional<ScimGroup> groupForUpdate(String accountId, UUID id) {
        ScimGroup g = em.find(ScimGroup.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        return g != null && g.accountId().equals(accountId) ? Optional.of(g) : Optional.empty();
    }

    public List<ScimGroup> groups(String accountId, int offset, int limit) {
        return em.createQuery("from ScimGroup where accountId = ?1 order by createdAt, id", ScimGroup.class)
                .setParameter(1, accountId)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    public long countGroups(String accountId) {
        return em.createQuery("select count(*) from ScimGroup where accountId = ?1", Long.class)
                .setParameter(1, accountId)
                .getSingleResult();
    }

    public List<ScimGroup> groupsByName(String accountId, String displayName, int offset, int limit) {
        return em.createQuery(
                        "from ScimGroup where accountId = ?1 and lower(displayName) = lower(?2)"
                                + " order by createdAt, id",
                        ScimGroup.class)
                .setParameter(1, accountId)
                .setParameter(2, displayName)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    public long countGroupsByName(String accountId, String displayName) {
        return em.createQuery(
                        "select count(*) from ScimGroup where accountId = ?1 and lower(displayName) = lower(?2)",
                        Long.class)
                .setParameter(1, accountId)
                .setParameter(2, displayName)
                .getSingleResult();
    }

    @SuppressWarnings("unchecked")
    public List<UUID> members(UUID groupId) {
        return em.createNativeQuery(
                        "select user_id from scim_group_member where group_id = ?1 order by user_id", UUID.class)
                .setParameter(1, groupId)
                .getResultList();
    }

    /** Display names of the groups the user is in, sorted. */
    public List<String> groupNamesOf(UUID userId) {
        return em.createQuery(
                        "select g.displayName from ScimGroup g where g.id in"
                                + " (select m.groupId from ScimGroupMember m where m.userId = ?1) order by g.displayName",
                        String.class)
                .setParameter(1, userId)
                .getResultList();
    }

    public List<ScimGroup> groupsOf(UUID userId) {
        return em.createQuery(
                        "from ScimGroup g where g.id in"
                                + " (select m.groupId from ScimGroupMember m where m.userId = ?1) order by g.displayName",
                        ScimGroup.class)
                .setParameter(1, userId)
                .getResultList();
    }

    /** Ids (of this account's users) among {@code ids} that do not exist. */
    public List<UUID> missingUsers(String accountId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<UUID> found = em.createQuery("select id from ScimUser where accountId = ?1 and id in ?2", UUID.class)
                .setParameter(1, accountId)
                .setParameter(2, ids)
                .getResultList();
        return ids.stream().filter(id -> !found.contains(id)).distinct().toList();
    }

    public void addMembers(UUID groupId, Collection<UUID> userIds) {
        for (UUID u : userIds) {
            em.createNativeQuery("insert into scim_group_member (group_id, user_id) values (?1, ?2)"
                            + " on conflict do nothing")
                    .setParameter(1, groupId)
                    .setParameter(2, u)
                    .executeUpdate();
        }
    }

    public void removeMembers(UUID groupId, Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        em.createQuery("delete from ScimGroupMember where groupId = ?1 and userId in ?2")
                .setParameter(1, groupId)
                .setParameter(2, userIds)
                .executeUpdate();
    }

    public void persist(Object entity) {
        em.persist(entity);
    }

    public void remove(Object entity) {
        em.remove(entity);
    }

    public void flush() {
        em.flush();
    }
}
