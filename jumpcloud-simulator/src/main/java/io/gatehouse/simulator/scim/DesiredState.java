package io.gatehouse.simulator.scim;

import io.gatehouse.simulator.domain.AppSettings;
import io.gatehouse.simulator.domain.Directory;
import io.gatehouse.simulator.domain.Resolved;
import io.gatehouse.simulator.domain.SimApp;
import io.gatehouse.simulator.domain.SimGroup;
import io.gatehouse.simulator.domain.SimUser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an app's SCIM target should hold after a change: the users bound to the app (with their active flag) and
 * the groups bound directly to it with their resolved members. Taken inside the directory's write lock.
 */
record DesiredState(
        String appId,
        AppSettings.ScimSettings scim,
        Map<String, DesiredUser> users,
        Map<String, DesiredGroup> groups,
        Set<String> deletedUserIds) {

    record DesiredUser(
            String id, String email, String firstname, String lastname, String displayname, boolean active) {}

    record DesiredGroup(String id, String name, Set<String> userIds) {}

    static DesiredState of(Directory directory, SimApp app) {
        Map<String, DesiredUser> users = new LinkedHashMap<>();
        Resolved bound = directory.appUsers(app.id());
        for (String userId : bound.ids()) {
            directory.user(userId).ifPresent(u -> users.put(u.id(), desired(u)));
        }
        Map<String, DesiredGroup> groups = new LinkedHashMap<>();
        for (String groupId : app.groupIds()) {
            SimGroup group = directory.group(groupId).orElse(null);
            if (group != null) {
                groups.put(
                        groupId,
                        new DesiredGroup(
                                groupId,
                                group.name(),
                                new TreeSet<>(directory.resolvedMembers(groupId).ids())));
            }
        }
        return new DesiredState(app.id(), app.settings().scim(), users, groups, directory.deletedUserIds());
    }

    private static DesiredUser desired(SimUser u) {
        return new DesiredUser(u.id(), u.email(), u.firstname(), u.lastname(), u.displayname(), u.hasAccess());
    }
}
