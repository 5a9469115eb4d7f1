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
 */
public final class Reconciler {

    /** The planned changes, how many members stay unchanged, and how many had access before. */
    public record Plan(List<PlannedChange> changes, int unchanged, int membersBefore) {
        public long count(ChangeKind kind) {
            return changes.stream().filter(c -> c.kind() == kind).count();
        }
    }

    private final JumpCloudSession jc;
    private final RoleMapping roles;

    public Reconciler(JumpCloudSession jc, RoleMapping roles) {
        this.jc = jc;
        this.roles = roles;
    }

    /** @param snapshot external id → entry; consumed (entries are removed as they are matched) */
    public Plan plan(String applicationId, Map<String, SnapshotEntry> snapshot) {
        int before = snapshot.size();
        Set<String> groupIds = new LinkedHashSet<>();
        jc.forEachApplicationGroup(applicationId, groupIds::add);
        List<String> groupNames = new ArrayList<>(groupIds.size());
        Map<String, int[]> bound = new HashMap<>();
        int index = 0;
        for (String gid : groupIds) {
            groupNames.add(jc.groupName(gid));
            final int gi = index++;
            jc.forEachGroupMember(gid, uid -> bound.merge(uid, new int[]{gi}, Reconciler::append));
        }

        List<PlannedChange> changes = new ArrayList<>();
        int[] unchanged = {0};
        jc.forEachSystemUser(user -> {
            int[] groups = bound.remove(user.id());
            SnapshotEntry known = snapshot.remove(user.id());
            if (groups == null) {
                add(changes, unchanged, user.id(), known, null, RevocationReason.REMOVED_FROM_GROUP);
            } else {
                add(changes, unchanged, user.id(), known, desired(user, groups, groupNames), null);
            }
        });
        // bound but absent from the listing: look each up (404 = deleted)
        for (Map.Entry<String, int[]> e : bound.entrySet()) {
            SnapshotEntry known = snapshot.remove(e.getKey());
            Optional<JumpCloudUser> user = jc.systemUser(e.getKey());
            add(changes, unchanged, e.getKey(), known,
                    user.map(u -> desired(u, e.getValue(), groupNames)).orElse(null), RevocationReason.DELETED);
        }
        // had access, neither bound nor listed: deleted unless JumpCloud still knows the user
        for (Map.Entry<String, SnapshotEntry> e : snapshot.entrySet()) {
            RevocationReason reason = jc.systemUser(e.getKey()).isPresent()
                    ? RevocationReason.REMOVED_FROM_GROUP : RevocationReason.DELETED;
            changes.add(PlannedChange.revoke(e.getKey(), e.getValue().email(), reason));
        }
        return new Plan(List.copyOf(changes), unchanged[0], before);
    }

    private static void add(List<PlannedChange> changes, int[] unchanged, String id, SnapshotEntry known,
                            DesiredMember desired, RevocationReason absentReason) {
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
        MemberState state = new MemberState(u.id(), u.email(), u.firstname(), u.lastname(), List.copyOf(names),
                mapped.role(), mapped.fromGroup());
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
