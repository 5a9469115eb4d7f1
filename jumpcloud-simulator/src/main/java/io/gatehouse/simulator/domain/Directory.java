package io.gatehouse.simulator.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The simulated organisation: users, groups, applications and their bindings, held in memory.
 * Reads share a read lock; every change takes the write lock, invalidates the resolution caches and tells the
 * listeners (SCIM push) while still holding it, so they see changes one at a time and in order.
 */
@ApplicationScoped
public class Directory {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private final ObjectIds ids;
    private final Clock clock;
    private final TreeMap<String, SimUser> users = new TreeMap<>();
    private final Map<String, String> userIdsByEmail = new HashMap<>();
    private final TreeMap<String, SimGroup> groups = new TreeMap<>();
    private final TreeMap<String, SimApp> apps = new TreeMap<>();
    private final Set<String> deletedUserIds = new HashSet<>();
    private final Map<String, Resolved> resolvedGroups = new ConcurrentHashMap<>();
    private final List<DirectoryListener> listeners = new CopyOnWriteArrayList<>();
    private volatile List<SimUser> usersById;
    private long version;

    public Directory(Clock clock) {
        this.clock = clock;
        this.ids = new ObjectIds(clock);
    }

    public void addListener(DirectoryListener listener) {
        listeners.add(listener);
    }

    // ---------------------------------------------------------------- locking helpers

    public <T> T read(Supplier<T> body) {
        lock.readLock().lock();
        try {
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Supplier<T> body) {
        lock.writeLock().lock();
        try {
            T result = body.get();
            version++;
            usersById = null;
            resolvedGroups.clear();
            for (DirectoryListener listener : listeners) {
                listener.changed(this);
            }
            return result;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public long version() {
        return read(() -> version);
    }

    // ---------------------------------------------------------------- users

    public SimUser createUser(NewUser spec) {
        return write(() -> insertUser(spec));
    }

    /** Inserts many users in one change (the large-org generator). */
    public List<SimUser> createUsers(List<NewUser> specs) {
        return write(() -> {
            List<SimUser> created = new ArrayList<>(specs.size());
            for (NewUser spec : specs) {
                created.add(insertUser(spec));
            }
            return created;
        });
    }

    private SimUser insertUser(NewUser spec) {
        String email = requireEmail(spec.email());
        if (userIdsByEmail.containsKey(email.toLowerCase(Locale.ROOT))) {
            throw new SimException(409, "email_taken", "a user with email " + email + " exists");
        }
        String id = spec.id() == null ? ids.next() : spec.id();
        if (!ObjectIds.isValid(id) || users.containsKey(id)) {
            throw SimException.badRequest("invalid or duplicate _id " + id);
        }
        String username =
                blankToNull(spec.username()) == null ? email.substring(0, email.indexOf('@')) : spec.username();
        String first = nullToEmpty(spec.firstname());
        String last = nullToEmpty(spec.lastname());
        String display = blankToNull(spec.displayname()) == null ? (first + " " + last).trim() : spec.displayname();
        SimUser user = new SimUser(
                id,
                email,
                username,
                first,
                last,
                display,
                spec.state() == null ? UserState.ACTIVATED : spec.state(),
                Boolean.TRUE.equals(spec.accountLocked()),
                nullToEmpty(spec.employeeIdentifier()),
                nullToEmpty(spec.department()),
                nullToEmpty(spec.jobTitle()),
                spec.attributes(),
                clock.instant());
        users.put(id, user);
        userIdsByEmail.put(email.toLowerCase(Locale.ROOT), id);
        return user;
    }

    public SimUser patchUser(String id, UserPatch patch) {
        return write(() -> {
            SimUser old = requireUser(id);
            String email = old.email();
            if (patch.email() != null) {
                email = requireEmail(patch.email());
                String owner = userIdsByEmail.get(email.toLowerCase(Locale.ROOT));
                if (owner != null && !owner.equals(id)) {
                    throw new SimException(409, "email_taken", "a user with email " + email + " exists");
                }
            }
            UserState state = old.state();
            if (patch.suspended() != null) {
                state = patch.suspended()
                        ? UserState.SUSPENDED
                        : (old.state() == UserState.SUSPENDED ? UserState.ACTIVATED : old.state());
            }
            if (patch.state() != null) {
                state = patch.state();
            }
            String first = patch.firstname() == null ? old.firstname() : patch.firstname();
            String last = patch.lastname() == null ? old.lastname() : patch.lastname();
            String display = patch.displayname() != null
                    ? patch.displayname()
                    : (patch.firstname() != null || patch.lastname() != null)
                            ? (first + " " + last).trim()
                            : old.displayname();
            SimUser updated = new SimUser(
                    id,
                    email,
                    patch.username() == null ? old.username() : patch.username(),
                    first,
                    last,
                    display,
                    state,
                    patch.accountLocked() == null ? old.accountLocked() : patch.accountLocked(),
                    patch.employeeIdentifier() == null ? old.employeeIdentifier() : patch.employeeIdentifier(),
                    patch.department() == null ? old.department() : patch.department(),
                    patch.jobTitle() == null ? old.jobTitle() : patch.jobTitle(),
                    patch.attributes() == null ? old.attributes() : patch.attributes(),
                    old.created());
            userIdsByEmail.remove(old.email().toLowerCase(Locale.ROOT));
            userIdsByEmail.put(email.toLowerCase(Locale.ROOT), id);
            users.put(id, updated);
            return updated;
        });
    }

    public void deleteUser(String id) {
        write(() -> {
            SimUser user = requireUser(id);
            users.remove(id);
            userIdsByEmail.remove(user.email().toLowerCase(Locale.ROOT));
            groups.values().forEach(g -> g.userIds().remove(id));
            deletedUserIds.add(id);
            return null;
        });
    }

    public Optional<SimUser> user(String id) {
        return read(() -> Optional.ofNullable(users.get(id)));
    }

    public Optional<SimUser> userByEmail(String email) {
        if (email == null) {
            return Optional.empty();
        }
        return read(() -> Optional.ofNullable(userIdsByEmail.get(email.trim().toLowerCase(Locale.ROOT)))
                .map(users::get));
    }

    /** All users in ascending {@code _id} order; the list is built once per change and shared by readers. */
    public List<SimUser> usersById() {
        List<SimUser> cached = usersById;
        if (cached != null) {
            return cached;
        }
        return read(() -> {
            List<SimUser> built = List.copyOf(users.values());
            usersById = built;
            return built;
        });
    }

    /** Ids of users deleted since the last reset (SCIM push turns them into DELETEs). */
    public Set<String> deletedUserIds() {
        return read(() -> Set.copyOf(deletedUserIds));
    }

    // ---------------------------------------------------------------- groups

    public SimGroup createGroup(
            String id, String name, String description, Collection<String> memberGroupIds, DynamicRule rule) {
        return write(() -> insertGroup(id, name, description, memberGroupIds, rule));
    }

    private SimGroup insertGroup(
            String id, String name, String description, Collection<String> memberGroupIds, DynamicRule rule) {
        if (name == null || name.isBlank()) {
            throw SimException.badRequest("name is required");
        }
        if (groups.values().stream().anyMatch(g -> g.name().equalsIgnoreCase(name))) {
            throw new SimException(409, "group_name_taken", "a group named " + name + " exists");
        }
        String groupId = id == null ? ids.next() : id;
        if (!ObjectIds.isValid(groupId) || groups.containsKey(groupId)) {
            throw SimException.badRequest("invalid or duplicate id " + groupId);
        }
        SimGroup group = new SimGroup(groupId, name, description, rule);
        if (memberGroupIds != null) {
            for (String member : memberGroupIds) {
                requireGroup(member);
                group.memberGroupIds().add(member);
            }
        }
        groups.put(groupId, group);
        return group;
    }

    public void deleteGroup(String id) {
        write(() -> {
            requireGroup(id);
            groups.remove(id);
            groups.values().forEach(g -> g.memberGroupIds().remove(id));
            apps.values().forEach(a -> a.groupIds().remove(id));
            return null;
        });
    }

    /** Adds a user directly to a group; answers false when already a member. */
    public boolean addUserToGroup(String groupId, String userId) {
        return write(() -> {
            SimGroup group = requireGroup(groupId);
            requireUser(userId);
            return group.userIds().add(userId);
        });
    }

    /** Adds many users directly to a group in one change (the large-org generator). */
    public void addUsersToGroup(String groupId, Collection<String> userIds) {
        write(() -> {
            SimGroup group = requireGroup(groupId);
            for (String userId : userIds) {
                requireUser(userId);
            }
            group.userIds().addAll(userIds);
            return null;
        });
    }

    public boolean removeUserFromGroup(String groupId, String userId) {
        return write(() -> {
            SimGroup group = requireGroup(groupId);
            requireUser(userId);
            return group.userIds().remove(userId);
        });
    }

    /** Nests {@code childId} inside {@code groupId}; refuses cycles with 409 {@code group_cycle}. */
    public boolean addGroupToGroup(String groupId, String childId) {
        return write(() -> {
            SimGroup group = requireGroup(groupId);
            requireGroup(childId);
            if (groupId.equals(childId) || reachableGroups(childId).contains(groupId)) {
                throw new SimException(409, "group_cycle", "nesting would create a cycle");
            }
            return group.memberGroupIds().add(childId);
        });
    }

    public boolean removeGroupFromGroup(String groupId, String childId) {
        return write(() -> requireGroup(groupId).memberGroupIds().remove(childId));
    }

    private Set<String> reachableGroups(String from) {
        Set<String> seen = new HashSet<>();
        List<String> stack = new ArrayList<>(List.of(from));
        while (!stack.isEmpty()) {
            SimGroup group = groups.get(stack.remove(stack.size() - 1));
            if (group != null) {
                for (String child : group.memberGroupIds()) {
                    if (seen.add(child)) {
                        stack.add(child);
                    }
                }
            }
        }
        return seen;
    }

    public Optional<SimGroup> group(String id) {
        return read(() -> Optional.ofNullable(groups.get(id)));
    }

    public Optional<SimGroup> groupByName(String name) {
        return read(() -> groups.values().stream()
                .filter(g -> g.name().equalsIgnoreCase(name))
                .findFirst());
    }

    /** All groups in ascending id order. */
    public List<SimGroup> groupsById() {
        return read(() -> List.copyOf(groups.values()));
    }

    /** Direct members of a group: users then nested groups, each in id order. */
    public List<Hop> directMembers(String groupId) {
        return read(() -> {
            SimGroup group = requireGroup(groupId);
            List<Hop> members = new ArrayList<>();
            group.userIds().forEach(u -> members.add(Hop.user(u)));
            group.memberGroupIds().forEach(g -> members.add(Hop.group(g)));
            return members;
        });
    }

    /**
     * The users of a group after resolving nested groups and dynamic rules, with the paths that reach them
     * (first hop below the group, last hop the user).
     */
    public Resolved resolvedMembers(String groupId) {
        return read(() -> {
            requireGroup(groupId);
            return resolvedGroups.computeIfAbsent(groupId, this::resolve);
        });
    }

    private Resolved resolve(String groupId) {
        Map<String, List<List<Hop>>> paths = new TreeMap<>();
        walk(groups.get(groupId), new ArrayList<>(), new HashSet<>(Set.of(groupId)), paths);
        return new Resolved(List.copyOf(paths.keySet()), paths);
    }

    private void walk(SimGroup group, List<Hop> prefix, Set<String> visiting, Map<String, List<List<Hop>>> paths) {
        Set<String> direct = new java.util.TreeSet<>(group.userIds());
        if (group.dynamicRule() != null) {
            for (SimUser user : users.values()) {
                if (group.dynamicRule().matches(user)) {
                    direct.add(user.id());
                }
            }
        }
        for (String userId : direct) {
            List<Hop> path = new ArrayList<>(prefix);
            path.add(Hop.user(userId));
            paths.computeIfAbsent(userId, k -> new ArrayList<>(1)).add(List.copyOf(path));
        }
        for (String childId : group.memberGroupIds()) {
            SimGroup child = groups.get(childId);
            if (child != null && visiting.add(childId)) {
                List<Hop> next = new ArrayList<>(prefix);
                next.add(Hop.group(childId));
                walk(child, next, visiting, paths);
                visiting.remove(childId);
            }
        }
    }

    /** The groups a user belongs to directly or through nesting/rules, with paths from the user outward. */
    public Resolved groupsOfUser(String userId) {
        return read(() -> {
            requireUser(userId);
            Map<String, List<List<Hop>>> result = new TreeMap<>();
            for (String groupId : groups.keySet()) {
                Resolved members = resolvedGroups.computeIfAbsent(groupId, this::resolve);
                List<List<Hop>> toUser = members.paths().get(userId);
                if (toUser == null) {
                    continue;
                }
                for (List<Hop> path : toUser) {
                    List<Hop> outward = new ArrayList<>();
                    for (int i = path.size() - 2; i >= 0; i--) {
                        outward.add(path.get(i));
                    }
                    outward.add(Hop.group(groupId));
                    result.computeIfAbsent(groupId, k -> new ArrayList<>()).add(List.copyOf(outward));
                }
            }
            return new Resolved(List.copyOf(result.keySet()), result);
        });
    }

    // ---------------------------------------------------------------- applications

    public SimApp createApp(String id, AppSettings settings, SigningKey key, Collection<String> groupIds) {
        return write(() -> {
            if (apps.values().stream().anyMatch(a -> a.settings().name().equals(settings.name()))) {
                throw new SimException(409, "app_name_taken", "an app named " + settings.name() + " exists");
            }
            String appId = id == null ? ids.next() : id;
            if (!ObjectIds.isValid(appId) || apps.containsKey(appId)) {
                throw SimException.badRequest("invalid or duplicate id " + appId);
            }
            SimApp app = new SimApp(appId, settings, key);
            if (groupIds != null) {
                for (String groupId : groupIds) {
                    requireGroup(groupId);
                    app.groupIds().add(groupId);
                }
            }
            apps.put(appId, app);
            return app;
        });
    }

    public SimApp updateApp(String id, AppSettings settings) {
        return write(() -> {
            SimApp app = requireApp(id);
            if (apps.values().stream()
                    .anyMatch(a -> !a.id().equals(id) && a.settings().name().equals(settings.name()))) {
                throw new SimException(409, "app_name_taken", "an app named " + settings.name() + " exists");
            }
            app.settings(settings);
            return app;
        });
    }

    public boolean bindGroup(String appId, String groupId) {
        return write(() -> {
            SimApp app = requireApp(appId);
            requireGroup(groupId);
            return app.groupIds().add(groupId);
        });
    }

    public boolean unbindGroup(String appId, String groupId) {
        return write(() -> requireApp(appId).groupIds().remove(groupId));
    }

    public SimApp rotateKey(String appId, SigningKey next) {
        return write(() -> {
            SimApp app = requireApp(appId);
            app.rotate(next);
            return app;
        });
    }

    public SimApp dropPreviousKey(String appId) {
        return write(() -> {
            SimApp app = requireApp(appId);
            app.dropPreviousKey();
            return app;
        });
    }

    public Optional<SimApp> app(String id) {
        return read(() -> Optional.ofNullable(apps.get(id)));
    }

    public Optional<SimApp> appByName(String name) {
        return read(() -> apps.values().stream()
                .filter(a -> a.settings().name().equals(name))
                .findFirst());
    }

    public List<SimApp> appsById() {
        return read(() -> List.copyOf(apps.values()));
    }

    /** Groups bound directly (path of one hop) or through nesting below a bound group. */
    public Resolved appGroups(String appId) {
        return read(() -> {
            SimApp app = requireApp(appId);
            Map<String, List<List<Hop>>> result = new TreeMap<>();
            for (String groupId : app.groupIds()) {
                collectGroups(
                        groupId, new ArrayList<>(List.of(Hop.group(groupId))), new HashSet<>(Set.of(groupId)), result);
            }
            return new Resolved(List.copyOf(result.keySet()), result);
        });
    }

    private void collectGroups(
            String groupId, List<Hop> path, Set<String> visiting, Map<String, List<List<Hop>>> result) {
        result.computeIfAbsent(groupId, k -> new ArrayList<>()).add(List.copyOf(path));
        SimGroup group = groups.get(groupId);
        if (group == null) {
            return;
        }
        for (String child : group.memberGroupIds()) {
            if (visiting.add(child)) {
                List<Hop> next = new ArrayList<>(path);
                next.add(Hop.group(child));
                collectGroups(child, next, visiting, result);
                visiting.remove(child);
            }
        }
    }

    /** Every user bound to the app through its groups, with paths starting at the bound group. */
    public Resolved appUsers(String appId) {
        return read(() -> {
            SimApp app = requireApp(appId);
            if (app.groupIds().size() == 1) {
                String only = app.groupIds().iterator().next();
                Resolved members = resolvedGroups.computeIfAbsent(only, this::resolve);
                return prefixed(only, members);
            }
            Map<String, List<List<Hop>>> result = new TreeMap<>();
            for (String groupId : app.groupIds()) {
                Resolved members = resolvedGroups.computeIfAbsent(groupId, this::resolve);
                prefixed(groupId, members)
                        .paths()
                        .forEach((user, paths) -> result.computeIfAbsent(user, k -> new ArrayList<>())
                                .addAll(paths));
            }
            return new Resolved(List.copyOf(result.keySet()), result);
        });
    }

    private static Resolved prefixed(String groupId, Resolved members) {
        Map<String, List<List<Hop>>> result = new LinkedHashMap<>();
        Hop head = Hop.group(groupId);
        members.paths().forEach((user, paths) -> {
            List<List<Hop>> withHead = new ArrayList<>(paths.size());
            for (List<Hop> path : paths) {
                List<Hop> full = new ArrayList<>(path.size() + 1);
                full.add(head);
                full.addAll(path);
                withHead.add(full);
            }
            result.put(user, withHead);
        });
        return new Resolved(members.ids(), result);
    }

    /** Whether JumpCloud would let this user sign in to this app: bound through a group and active. */
    public boolean mayUseApp(String appId, SimUser user) {
        return user.hasAccess() && appUsers(appId).contains(user.id());
    }

    // ---------------------------------------------------------------- reset

    public void reset() {
        write(() -> {
            users.clear();
            userIdsByEmail.clear();
            groups.clear();
            apps.clear();
            deletedUserIds.clear();
            return null;
        });
    }

    // ---------------------------------------------------------------- helpers

    /** The user or 404. */
    public SimUser getUser(String id) {
        return read(() -> requireUser(id));
    }

    /** The group or 404. */
    public SimGroup getGroup(String id) {
        return read(() -> requireGroup(id));
    }

    /** The app or 404. */
    public SimApp getApp(String id) {
        return read(() -> requireApp(id));
    }

    private SimUser requireUser(String id) {
        SimUser user = users.get(id);
        if (user == null) {
            throw SimException.notFound("user", id);
        }
        return user;
    }

    private SimGroup requireGroup(String id) {
        SimGroup group = groups.get(id);
        if (group == null) {
            throw SimException.notFound("group", id);
        }
        return group;
    }

    private SimApp requireApp(String id) {
        SimApp app = apps.get(id);
        if (app == null) {
            throw SimException.notFound("application", id);
        }
        return app;
    }

    private static String requireEmail(String email) {
        if (email == null || !email.trim().matches("[^@\\s]+@[^@\\s]+")) {
            throw SimException.badRequest("a valid email is required");
        }
        return email.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
