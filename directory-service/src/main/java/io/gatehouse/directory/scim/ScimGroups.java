package io.gatehouse.directory.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import io.gatehouse.directory.domain.ConnectionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * SCIM {@code /Groups}: create, read, list, replace, patch (members add/remove with value lists or filters,
 * displayName), delete. Every change re-evaluates the affected members (their groups and mapped roles).
 */
@ApplicationScoped
public class ScimGroups {
    private final ScimStore store;
    private final ScimMembership membership;
    private final Clock clock;

    public ScimGroups(ScimStore store, ScimMembership membership, Clock clock) {
        this.store = store;
        this.membership = membership;
        this.clock = clock;
    }

    @Transactional
    public ObjectNode create(ConnectionSettings s, String body, String baseUrl) {
        ObjectNode node = ScimJson.parseBody(body);
        checkSchemas(node);
        Instant now = clock.instant();
        ScimGroup g = ScimGroup.create(
                s.accountId(), displayName(node.get("displayName")), externalId(node.get("externalId")), now);
        store.persist(g);
        store.flush();
        Set<UUID> members = memberIds(s, node.get("members"));
        store.addMembers(g.id(), members);
        refresh(s, members);
        return render(g, store.members(g.id()), baseUrl, false);
    }

    @Transactional
    public ObjectNode get(ConnectionSettings s, String id, String baseUrl, boolean excludeMembers) {
        ScimGroup g = find(s, id, false);
        return render(g, excludeMembers ? List.of() : store.members(g.id()), baseUrl, excludeMembers);
    }

    @Transactional
    public ObjectNode list(ConnectionSettings s, ScimPaging paging, String baseUrl, boolean excludeMembers) {
        Optional<String[]> eq = paging.simpleEquality("displayName");
        if (eq.isPresent()) {
            String name = eq.get()[1];
            long total = store.countGroupsByName(s.accountId(), name);
            List<JsonNode> page = store.groupsByName(s.accountId(), name, paging.offset(), paging.count()).stream()
                    .map(g -> (JsonNode)
                            render(g, excludeMembers ? List.of() : store.members(g.id()), baseUrl, excludeMembers))
                    .toList();
            return paging.listResponse(total, page);
        }
        if (paging.filter() == null) {
            long total = store.countGroups(s.accountId());
            List<JsonNode> page = store.groups(s.accountId(), paging.offset(), paging.count()).stream()
                    .map(g -> (JsonNode)
                            render(g, excludeMembers ? List.of() : store.members(g.id()), baseUrl, excludeMembers))
                    .toList();
            return paging.listResponse(total, page);
        }
        List<JsonNode> page = new ArrayList<>();
        long matched = 0;
        for (int offset = 0; ; offset += 200) {
            List<ScimGroup> groups = store.groups(s.accountId(), offset, 200);
            for (ScimGroup g : groups) {
                ObjectNode r = render(g, store.members(g.id()), baseUrl, false);
                if (paging.matches(r)) {
                    if (matched >= paging.offset() && page.size() < paging.count()) {
                        if (excludeMembers) {
                            r.remove("members");
                        }
                        page.add(r);
                    }
                    matched++;
                }
            }
            if (groups.size() < 200) {
                break;
            }
        }
        return paging.listResponse(matched, page);
    }

    @Transactional
    public ObjectNode replace(ConnectionSettings s, String id, String body, String baseUrl) {
        ScimGroup g = find(s, id, true);
        ObjectNode node = ScimJson.parseBody(body);
        checkSchemas(node);
        String name = displayName(node.get("displayName"));
        Set<UUID> wanted = memberIds(s, node.get("members"));
        Set<UUID> before = new LinkedHashSet<>(store.members(g.id()));
        g.update(name, externalId(node.get("externalId")), clock.instant());
        Set<UUID> removed = new LinkedHashSet<>(before);
        removed.removeAll(wanted);
        store.removeMembers(g.id(), removed);
        store.addMembers(g.id(), wanted);
        Set<UUID> affected = new LinkedHashSet<>(before);
        affected.addAll(wanted);
        refresh(s, affected);
        return render(g, store.members(g.id()), baseUrl, false);
    }

    @Transactional
    public ObjectNode patch(ConnectionSettings s, String id, String body, String baseUrl) {
        ScimGroup g = find(s, id, true);
        PatchRequest request = ScimPatches.parse(body);
        Set<UUID> affected = new LinkedHashSet<>();
        boolean renamed = false;
        String name = g.displayName();
        String externalId = g.externalId();
        for (PatchOperation op : request) {
            Path path = op.getPath();
            if (path == null || path.isRoot()) {
                if (op.getOpType() == PatchOpType.REMOVE) {
                    throw new ScimException(400, "noTarget", "remove needs a path");
                }
                JsonNode value = op.getJsonNode();
                if (value == null || !value.isObject()) {
                    throw ScimException.invalidValue("an operation without path needs an object value");
                }
                if (value.has("displayName")) {
                    name = displayName(value.get("displayName"));
                    renamed = true;
                }
                if (value.has("externalId")) {
                    externalId = externalId(value.get("externalId"));
                }
                if (value.has("members")) {
                    affected.addAll(changeMembers(s, g, op.getOpType(), null, value.get("members")));
                }
                continue;
            }
            Path.Element head = path.getElement(0);
            String attr = head.getAttribute().toLowerCase(Locale.ROOT);
            switch (attr) {
                case "members" -> {
                    if (path.size() > 1) {
                        throw new ScimException(400, "invalidPath", "sub-attributes of members cannot be changed");
                    }
                    affected.addAll(changeMembers(s, g, op.getOpType(), head.getValueFilter(), op.getJsonNode()));
                }
                case "displayname" -> {
                    if (op.getOpType() == PatchOpType.REMOVE) {
                        throw ScimException.invalidValue("displayName is required");
                    }
                    name = displayName(op.getJsonNode());
                    renamed = true;
                }
                case "externalid" ->
                    externalId = op.getOpType() == PatchOpType.REMOVE ? null : externalId(op.getJsonNode());
                default ->
                    throw new ScimException(
                            400, "invalidPath", "unknown or read-only attribute " + head.getAttribute());
            }
        }
        g.update(name, externalId, clock.instant());
        if (renamed) {
            affected.addAll(store.members(g.id()));
        }
        refresh(s, affected);
        return render(g, store.members(g.id()), baseUrl, false);
    }

    @Transactional
    public void delete(ConnectionSettings s, String id) {
        ScimGroup g = find(s, id, true);
        List<UUID> members = store.members(g.id());
        store.removeMembers(g.id(), members);
        store.remove(g);
        store.flush();
        refresh(s, new LinkedHashSet<>(members));
    }

    /** Applies one members operation; returns the users whose membership may have changed. */
    private Set<UUID> changeMembers(
            ConnectionSettings s, ScimGroup g, PatchOpType type, Filter filter, JsonNode value) {
        List<UUID> current = store.members(g.id());
        Set<UUID> affected = new LinkedHashSet<>();
        switch (type) {
            case ADD -> {
                if (filter != null) {
                    throw new ScimException(400, "invalidPath", "add cannot target filtered members");
                }
                Set<UUID> ids = memberIds(s, value);
                store.addMembers(g.id(), ids);
                affected.addAll(ids);
            }
            case REPLACE -> {
                if (filter != null) {
                    throw new ScimException(400, "invalidPath", "replace cannot target filtered members");
                }
                Set<UUID> ids = memberIds(s, value);
                Set<UUID> removed = new LinkedHashSet<>(current);
                removed.removeAll(ids);
                store.removeMembers(g.id(), removed);
                store.addMembers(g.id(), ids);
                affected.addAll(removed);
                affected.addAll(ids);
            }
            case REMOVE -> {
                List<UUID> removed = new ArrayList<>();
                for (UUID m : current) {
                    if (filter == null || memberMatches(filter, m)) {
                        removed.add(m);
                    }
                }
                store.removeMembers(g.id(), removed);
                affected.addAll(removed);
            }
            default -> throw ScimException.invalidSyntax("unsupported op");
        }
        return affected;
    }

    private static boolean memberMatches(Filter filter, UUID member) {
        ObjectNode n = ScimJson.object();
        n.put("value", member.toString());
        n.put("type", "User");
        try {
            return FilterEvaluator.evaluate(filter, n);
        } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
            throw ScimException.invalidFilter("the members filter cannot be evaluated");
        }
    }

    private void refresh(ConnectionSettings s, Set<UUID> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        List<ScimUser> users = new ArrayList<>();
        for (UUID id : userIds) {
            store.user(s.accountId(), id).ifPresent(users::add);
        }
        membership.refresh(s, users);
    }

    private ScimGroup find(ConnectionSettings s, String id, boolean forUpdate) {
        UUID uuid = ScimIds.parse(id, "Group");
        return (forUpdate ? store.groupForUpdate(s.accountId(), uuid) : store.group(s.accountId(), uuid))
                .orElseThrow(() -> ScimException.notFound("Group " + id + " not found"));
    }

    private Set<UUID> memberIds(ConnectionSettings s, JsonNode members) {
        Set<UUID> ids = new LinkedHashSet<>();
        if (members == null || members.isNull()) {
            return ids;
        }
        if (!members.isArray()) {
            if (members.isObject()) {
                members = ScimJson.object().arrayNode().add(members);
            } else {
                throw ScimException.invalidValue("members must be an array of {\"value\": id}");
            }
        }
        for (JsonNode m : members) {
            JsonNode v = m.get("value");
            if (v == null || !v.isTextual()) {
                throw ScimException.invalidValue("each member needs a value (a User id)");
            }
            try {
                ids.add(UUID.fromString(v.asText()));
            } catch (IllegalArgumentException e) {
                throw ScimException.invalidValue("member " + v.asText() + " is not a known User");
            }
        }
        List<UUID> missing = store.missingUsers(s.accountId(), ids);
        if (!missing.isEmpty()) {
            throw ScimException.invalidValue("member " + missing.get(0) + " is not a known User");
        }
        return ids;
    }

    private static void checkSchemas(ObjectNode node) {
        JsonNode schemas = node.get("schemas");
        if (schemas != null
                && !schemas.isNull()
                && (!schemas.isArray() || !ScimUsers.containsText((ArrayNode) schemas, ScimMedia.GROUP_SCHEMA))) {
            throw ScimException.invalidValue("schemas must include " + ScimMedia.GROUP_SCHEMA);
        }
    }

    private static String displayName(JsonNode n) {
        if (n == null || !n.isTextual() || n.asText().isBlank() || n.asText().length() > 512) {
            throw ScimException.invalidValue("displayName is required");
        }
        return n.asText();
    }

    private static String externalId(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().length() > 256) {
            throw ScimException.invalidValue("externalId must be a string");
        }
        return n.asText();
    }

    static ObjectNode render(ScimGroup g, List<UUID> members, String baseUrl, boolean excludeMembers) {
        ObjectNode out = ScimJson.object();
        out.putArray("schemas").add(ScimMedia.GROUP_SCHEMA);
        out.put("id", g.id().toString());
        out.put("displayName", g.displayName());
        if (g.externalId() != null) {
            out.put("externalId", g.externalId());
        }
        if (!excludeMembers) {
            ArrayNode arr = out.putArray("members");
            for (UUID m : members) {
                ObjectNode o = arr.addObject();
                o.put("value", m.toString());
                o.put("$ref", baseUrl + "/Users/" + m);
                o.put("type", "User");
            }
        }
        ObjectNode meta = out.putObject("meta");
        meta.put("resourceType", "Group");
        meta.put("created", g.createdAt().toString());
        meta.put("lastModified", g.updatedAt().toString());
        meta.put("location", baseUrl + "/Groups/" + g.id());
        meta.put("version", "W/\"" + g.version() + "\"");
        return out;
    }
}
