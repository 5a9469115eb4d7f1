package io.gatehouse.directory.domain;

import io.gatehouse.directory.client.JumpCloudSession;
import io.gatehouse.directory.client.JumpCloudUser;
import io.gatehouse.events.RevocationReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans one reconciliation: streams the application's bound groups, their resolved members and the organisation's
 * users page by page from JumpCloud, and compares each bound user with the compact snapshot. Holds in memory only
 * user id → bound group indexes, the compact snapshot and the planned changes; never the whole organisation.
 * Any JumpCloud failure propagates and the plan is discarded.
 *
 * <p>Snapshot entries are matched to JumpCloud users by id, then by email (case-insensitive), as
 * {@link MemberIdentity} states; a SCIM-only key is never looked up as a JumpCloud id, and one nobody matches is
 * reported as unresolved instead of revoked.
 */
public final class Reconciler {

    /**
     * The planned changes, how many members stay unchanged, how many had access before, and the members whose key
     * no JumpCloud user matches (kept as they are, reported; see {@link MemberIdentity}).
     */
    public record Plan(List<PlannedChange> changes, int unchanged, int membersBefore, List<Unresolved> unresolved) {
        public Plan(List<PlannedChange> changes, int unchanged, int membersBefore) {
            this(changes, unchanged, membersBefore, List.of());
        }

        public long count(ChangeKind kind) {
            return changes.stream().filter(c -> c.kind() == kind).count();
        }
    }

    /** A member with access whose SCIM-only key matches no JumpCloud user by email: held, never revoked. */
    public record Unresolved(String externalId, String email) {}

    /** A user whose email is also the email of another snapshot key: decided once the listing is complete. */
    private record Deferred(
            String id, String emailKey, SnapshotEntry known, DesiredMember desired, RevocationReason absentReason) {}

    private final JumpCloudSession jc;
    private final RoleMapping roles;

    /** Told after each organisation user is compared: how many so far, and how many changes are planned. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (membersSeen, changesPlanned) -> {};

        void compared(int membersSeen, int changesPlanned);
    }

    public Reconciler(JumpCloudSession jc, RoleMapping roles) {
        this.jc = jc;
        this.roles = roles;
    }

    /** @param snapshot external id → entry; consumed (entries are removed as they are matched) */
    public Plan plan(String applicationId, Map<String, SnapshotEntry> snapshot) {
        return plan(applicationId, snapshot, Progress.NONE);
    }

    /** The same, reporting progress as the organisation's users are compared. */
    public Plan plan(String applicationId, Map<String, SnapshotEntry> snapshot, Progress progress) {
        int before = snapshot.size();
        Map<String, List<String>> keysByEmail = keysByEmail(snapshot);
        Set<String> groupIds = new LinkedHashSet<>();
        jc.forEachApplicationGroup(applicationId, groupIds::add);
        List<String> groupNames = new ArrayList<>(groupIds.size());
        Map<String, int[]> bound = new HashMap<>();
        int index = 0;
        for (String gid : groupIds) {
            groupNames.add(jc.groupName(gid));
            final int gi = index++;
            jc.forEachGroupMember(gid, uid -> bound.merge(uid, new int[] {gi}, Reconciler::append));
        }

        List<PlannedChange> changes = new ArrayList<>();
        List<Deferred> deferred = new ArrayList<>();
        int[] unchanged = {0};
        int[] seen = {0};
        jc.forEachSystemUser(user -> {
            int[] groups = bound.remove(user.id());
            DesiredMember desired = groups == null ? null : desired(user, groups, groupNames);
            visit(
                    user.id(),
                    user.email(),
                    snapshot,
                    keysByEmail,
                    desired,
                    RevocationReason.REMOVED_FROM_GROUP,
                    changes,
                    deferred,
                    unchanged);
            progress.compared(++seen[0], changes.size());
        });
        // bound but absent from the listing: look each up (404 = deleted)
        for (Map.Entry<String, int[]> e : bound.entrySet()) {
            Optional<JumpCloudUser> user = jc.systemUser(e.getKey());
            visit(
                    e.getKey(),
                    user.map(JumpCloudUser::email).orElse(null),
                    snapshot,
                    keysByEmail,
                    user.map(u -> desired(u, e.getValue(), groupNames)).orElse(null),
                    RevocationReason.DELETED,
                    changes,
                    deferred,
                    unchanged);
        }
        // users sharing an email with another key: that key's row, if nobody claimed it by id, is theirs
        for (Deferred d : deferred) {
            List<String> taken = new ArrayList<>(1);
            SnapshotEntry known = d.known();
            for (String other : keysByEmail.get(d.emailKey())) {
                SnapshotEntry entry = other.equals(d.id()) ? null : snapshot.remove(other);
                if (entry != null) {
                    taken.add(other);
                    known = known == null ? entry : known;
                }
            }
            PlannedChange c = MemberDiff.compare(d.id(), known, d.desired(), d.absentReason());
            if (c == null && !taken.isEmpty()) {
                c = PlannedChange.update(d.desired().state()); // same person, new key: tell user-service the id
            }
            if (c != null) {
                changes.add(c.replacing(taken));
            } else if (known != null) {
                unchanged[0]++;
            }
        }
        // had access, matched by neither id nor email
        List<Unresolved> unresolved = new ArrayList<>();
        for (Map.Entry<String, SnapshotEntry> e : snapshot.entrySet()) {
            if (MemberIdentity.isProvisional(e.getKey())) {
                unresolved.add(new Unresolved(e.getKey(), e.getValue().email()));
                continue;
            }
            RevocationReason reason = jc.systemUser(e.getKey()).isPresent()
                    ? RevocationReason.REMOVED_FROM_GROUP
                    : RevocationReason.DELETED;
            changes.add(PlannedChange.revoke(e.getKey(), e.getValue().email(), reason));
        }
        return new Plan(List.copyOf(changes), unchanged[0], before, List.copyOf(unresolved));
    }

    private static Map<String, List<String>> keysByEmail(Map<String, SnapshotEntry> snapshot) {
        Map<String, List<String>> out = new HashMap<>();
        for (Map.Entry<String, SnapshotEntry> e : snapshot.entrySet()) {
            String email = MemberIdentity.emailKey(e.getValue().email());
            if (email != null) {
                out.computeIfAbsent(email, k -> new ArrayList<>(1)).add(e.getKey());
            }
        }
        return out;
    }

    private static void visit(
            String id,
            String email,
            Map<String, SnapshotEntry> snapshot,
            Map<String, List<String>> keysByEmail,
            DesiredMember desired,
            RevocationReason absentReason,
            List<PlannedChange> changes,
            List<Deferred> deferred,
            int[] unchanged) {
        SnapshotEntry known = snapshot.remove(id);
        String emailKey = MemberIdentity.emailKey(email);
        List<String> sameEmail = emailKey == null ? null : keysByEmail.get(emailKey);
        if (sameEmail != null && (sameEmail.size() > 1 || !sameEmail.get(0).equals(id))) {
            deferred.add(new Deferred(id, emailKey, known, desired, absentReason));
            return;
        }
        add(changes, unchanged, id, known, desired, absentReason);
    }

    private static void add(
            List<PlannedChange> changes,
            int[] unchanged,
            String id,
            SnapshotEntry known,
            DesiredMember desired,
            RevocationReason absentReason) {
        PlannedChange c = MemberDiff.compare(id, known, desired, absentReason);
        if (c != null) {
            changes.add(c);
        } else if (known != null) {
            unchanged[0]++;
        }
    }

    DesiredMember desired(JumpCloudUser u, int[] groupIdx, List<String> groupNames) {
        Set<String> names = new TreeSet<>();
        for (int i : groupIdx) {
            names.add(groupNames.get(i));
        }
        RoleMapping.Mapped mapped = roles.map(names);
        MemberState state = new MemberState(
                u.id(), u.email(), u.firstname(), u.lastname(), List.copyOf(names), mapped.role(), mapped.fromGroup());
        RevocationReason denial = u.denial();
        return denial == null ? DesiredMember.withAccess(state) : DesiredMember.denied(state, denial);
    }

    private static int[] append(int[] a, int[] b) {
        for (int x : a) {
            if (x == b[0]) {
                return a;
            }
        }
        int[] r = Arrays.copyOf(a, a.length + 1);
        r[a.length] = b[0];
        return r;
    }
}
