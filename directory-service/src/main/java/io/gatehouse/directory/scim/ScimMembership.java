package io.gatehouse.directory.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.directory.domain.ConfirmScimChanges;
import io.gatehouse.directory.domain.ConnectionSettings;
import io.gatehouse.directory.domain.DesiredMember;
import io.gatehouse.directory.domain.MemberChangeWriter;
import io.gatehouse.directory.domain.MemberDiff;
import io.gatehouse.directory.domain.MemberIdentity;
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
import java.util.Optional;

/**
 * Turns SCIM writes into membership changes at once: access = the SCIM user is active (the app binding is implicit
 * for pushed users); groups = the SCIM groups the user is in; role mapped from their displayNames. Which member a
 * SCIM user is follows {@link MemberIdentity}: the {@code externalId} (JumpCloud's user id) when given, else the
 * member with the same email (whom a reconciliation may already have keyed by their JumpCloud id), else the
 * provisional key {@code scim:<id>}. A JumpCloud id takes over a row kept under another key for the same person.
 * A grant or revocation applies only once JumpCloud's API confirms it, where an API key is configured
 * ({@link ConfirmScimChanges}). Test Connection's test user is never a member ({@link ScimTestConnection}).
 */
@ApplicationScoped
public class ScimMembership {
    private final ScimStore scim;
    private final MemberSnapshotStore snapshot;
    private final MemberChangeWriter writer;
    private final ConfirmScimChanges confirm;
    private final ScimTestConnection testConnection;

    public ScimMembership(
            ScimStore scim,
            MemberSnapshotStore snapshot,
            MemberChangeWriter writer,
            ConfirmScimChanges confirm,
            ScimTestConnection testConnection) {
        this.scim = scim;
        this.snapshot = snapshot;
        this.writer = writer;
        this.confirm = confirm;
        this.testConnection = testConnection;
    }

    /** The key the SCIM user itself names: its {@code externalId}, else the provisional {@code scim:<id>}. */
    public static String memberKey(ScimUser u) {
        return u.externalId() != null && !u.externalId().isBlank()
                ? u.externalId()
                : MemberIdentity.provisional(u.id());
    }

    /**
     * Who the SCIM user is in the snapshot: the key to write under, the row they have now (null: no access) and
     * the rows of other keys this write takes over.
     */
    record Resolved(String key, SnapshotEntry known, List<String> replaces) {}

    /** Re-evaluates these (existing) users and writes the resulting changes with their events. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refresh(ConnectionSettings settings, List<ScimUser> users) {
        refresh(settings, users, null);
    }

    /**
     * As {@link #refresh(ConnectionSettings, List)}; {@code previousKey} is the key the (single) user had before
     * this write changed its {@code externalId}, so the person's row moves instead of being revoked and granted.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refresh(ConnectionSettings settings, List<ScimUser> users, String previousKey) {
        scim.flush();
        RoleMapping roles = settings.roleMapping();
        List<PlannedChange> changes = new ArrayList<>();
        for (ScimUser u : users) {
            ObjectNode node = ScimJson.parseStored(u.resourceJson());
            if (testConnection.isTestUser(u, node)) {
                testConnection.seen(settings.accountId(), u.active() ? "wrote" : "deactivated");
                continue;
            }
            Resolved who = resolve(settings.accountId(), u, email(node, u.userName()), previousKey);
            MemberState state = state(u, node, who, roles);
            DesiredMember desired = u.active()
                    ? DesiredMember.withAccess(state)
                    : DesiredMember.denied(state, RevocationReason.SUSPENDED);
            PlannedChange c = MemberDiff.compare(who.key(), who.known(), desired, RevocationReason.DELETED);
            if (c == null && !who.replaces().isEmpty()) {
                c = PlannedChange.update(state);
            }
            if (c != null) {
                changes.add(c.replacing(who.replaces()));
            }
        }
        write(settings, changes);
    }

    /** The user is being deleted: revoke with DELETED if they had access. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleted(ConnectionSettings settings, ScimUser u) {
        ObjectNode node = ScimJson.parseStored(u.resourceJson());
        if (testConnection.isTestUser(u, node)) {
            testConnection.seen(settings.accountId(), "deleted");
            return;
        }
        Resolved who = resolve(settings.accountId(), u, email(node, u.userName()), null);
        PlannedChange c = MemberDiff.compare(who.key(), who.known(), null, RevocationReason.DELETED);
        write(settings, c == null ? List.of() : List.of(c.replacing(who.replaces())));
    }

    Resolved resolve(String accountId, ScimUser u, String email, String previousKey) {
        String key = memberKey(u);
        Optional<MemberState> own = snapshot.find(accountId, key);
        if (own.isPresent()) {
            return new Resolved(key, own.get().compact(), List.of());
        }
        Optional<MemberState> other = previousKey == null || previousKey.equals(key)
                ? Optional.empty()
                : snapshot.find(accountId, previousKey);
        if (other.isEmpty()) {
            other = snapshot.findByEmail(accountId, email).stream().findFirst();
        }
        if (other.isEmpty()) {
            return new Resolved(key, null, List.of());
        }
        MemberState found = other.get();
        if (MemberIdentity.isProvisional(key) && !MemberIdentity.isProvisional(found.externalId())) {
            // no externalId here, but the person is already known by their JumpCloud id: keep it
            return new Resolved(found.externalId(), found.compact(), List.of());
        }
        return new Resolved(key, found.compact(), List.of(found.externalId()));
    }

    /**
     * The one place SCIM changes become member changes. A grant or a revocation first needs JumpCloud's API to agree,
     * when the account has an API key ({@link ConfirmScimChanges}); updates apply as pushed.
     */
    private void write(ConnectionSettings settings, List<PlannedChange> pushed) {
        List<PlannedChange> changes = confirm.confirmed(settings, pushed);
        if (!changes.isEmpty()) {
            snapshot.bumpVersion(settings.accountId());
            writer.write(settings.accountId(), changes, MemberSource.SCIM);
        }
    }

    private MemberState state(ScimUser u, ObjectNode node, Resolved who, RoleMapping roles) {
        List<String> groups = scim.groupNamesOf(u.id());
        RoleMapping.Mapped mapped = roles.map(groups);
        JsonNode name = node.path("name");
        String email = email(node, u.userName());
        if (who.known() != null
                && email != null
                && email.equalsIgnoreCase(who.known().email())) {
            email = who.known().email(); // the same address: keep the spelling we have (JumpCloud's, once synced)
        }
        return new MemberState(
                who.key(),
                email,
                text(name, "givenName"),
                text(name, "familyName"),
                groups.stream().sorted().distinct().toList(),
                mapped.role(),
                mapped.fromGroup());
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
