package io.gatehouse.directory.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.directory.domain.ConnectionSettings;
import io.gatehouse.directory.domain.DesiredMember;
import io.gatehouse.directory.domain.MemberChangeWriter;
import io.gatehouse.directory.domain.MemberDiff;
import io.gatehouse.directory.domain.MemberSnapshotStore;
import io.gatehouse.directory.domain.MemberState;
import io.gatehouse.directory.domain.PlannedChange;
import io.gatehouse.directory.domain.RoleMapping;
import io.gatehouse.directory.domain.SnapshotEntry;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.RevocationReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns SCIM writes into membership changes at once: access = the SCIM user is active (the app binding is implicit
 * for pushed users); groups = the SCIM groups the user is in; role mapped from their displayNames. The member is
 * keyed by the SCIM {@code externalId} (JumpCloud's user id) when given, so reconciliation and SCIM agree on who
 * is who; otherwise by {@code scim:<id>}.
 */
@ApplicationScoped
public class ScimMembership {
    private final ScimStore scim;
    private final MemberSnapshotStore snapshot;
    private final MemberChangeWriter writer;

    public ScimMembership(ScimStore scim, MemberSnapshotStore snapshot, MemberChangeWriter writer) {
        this.scim = scim;
        this.snapshot = snapshot;
        this.writer = writer;
    }

    public static String memberKey(ScimUser u) {
        return u.externalId != null && !u.externalId.isBlank() ? u.externalId : "scim:" + u.id;
    }

    /** Re-evaluates these (existing) users and writes the resulting changes with their events. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refresh(ConnectionSettings settings, List<ScimUser> users) {
        scim.flush();
        RoleMapping roles = settings.roleMapping();
        List<PlannedChange> changes = new ArrayList<>();
        for (ScimUser u : users) {
            String key = memberKey(u);
            SnapshotEntry known = snapshot.find(settings.accountId(), key).map(MemberState::compact).orElse(null);
            MemberState state = state(u, key, roles);
            DesiredMember desired = u.active ? DesiredMember.withAccess(state)
                    : DesiredMember.denied(state, RevocationReason.SUSPENDED);
            PlannedChange c = MemberDiff.compare(key, known, desired, RevocationReason.DELETED);
            if (c != null) {
                changes.add(c);
            }
        }
        write(settings.accountId(), changes);
    }

    /** The user is being deleted: revoke with DELETED if they had access. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleted(ConnectionSettings settings, ScimUser u) {
        String key = memberKey(u);
        SnapshotEntry known = snapshot.find(settings.accountId(), key).map(MemberState::compact).orElse(null);
        PlannedChange c = MemberDiff.compare(key, known, null, RevocationReason.DELETED);
        write(settings.accountId(), c == null ? List.of() : List.of(c));
    }

    private void write(String accountId, List<PlannedChange> changes) {
        if (!changes.isEmpty()) {
            snapshot.bumpVersion(accountId);
            writer.write(accountId, changes, MemberSource.SCIM);
        }
    }

    private MemberState state(ScimUser u, String key, RoleMapping roles) {
        ObjectNode node = ScimJson.parseStored(u.resourceJson);
        List<String> groups = scim.groupNamesOf(u.id);
        RoleMapping.Mapped mapped = roles.map(groups);
        JsonNode name = node.path("name");
        return new MemberState(key, email(node, u.userName), text(name, "givenName"), text(name, "familyName"),
                groups.stream().sorted().distinct().toList(), mapped.role(), mapped.fromGroup());
    }

    static String email(ObjectNode node, String userName) {
        JsonNode emails = node.get("emails");
        String first = null;
        if (emails != null && emails.isArray()) {
            for (JsonNode e : emails) {
                String v = text(e, "value");
                if (v == null) {
                    continue;
                }
                if (e.path("primary").asBoolean(false)) {
                    return v;
                }
                if (first == null) {
                    first = v;
                }
            }
        }
        return first != null ? first : userName;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
