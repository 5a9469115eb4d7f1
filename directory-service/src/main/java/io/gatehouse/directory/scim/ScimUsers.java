package io.gatehouse.directory.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import io.gatehouse.directory.domain.ConnectionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** SCIM {@code /Users}: create, read, list, replace, patch, delete; each write becomes membership events at once. */
@ApplicationScoped
public class ScimUsers {
    private final ScimStore store;
    private final ScimMembership membership;
    private final Clock clock;

    public ScimUsers(ScimStore store, ScimMembership membership, Clock clock) {
        this.store = store;
        this.membership = membership;
        this.clock = clock;
    }

    @Transactional
    public ObjectNode create(ConnectionSettings s, String body, String baseUrl) {
        ObjectNode node = normalise(ScimJson.parseBody(body));
        String userName = node.get("userName").asText();
        if (store.userByName(s.accountId(), userName).isPresent()) {
            throw new ScimException(409, "uniqueness", "userName is already taken");
        }
        Instant now = clock.instant();
        ScimUser u = ScimUser.create(s.accountId(), resource(node), now);
        store.persist(u);
        membership.refresh(s, List.of(u));
        return render(u, baseUrl);
    }

    @Transactional
    public ObjectNode get(ConnectionSettings s, String id, String baseUrl) {
        return render(find(s, id, false), baseUrl);
    }

    @Transactional
    public ObjectNode list(ConnectionSettings s, ScimPaging paging, String baseUrl) {
        Optional<String[]> eq = paging.simpleEquality("userName", "externalId");
        if (eq.isPresent()) {
            String attr = eq.get()[0];
            String value = eq.get()[1];
            long total = store.countUsersWhere(s.accountId(), attr, value);
            List<JsonNode> page = store.usersWhere(s.accountId(), attr, value, paging.offset(), paging.count()).stream()
                    .map(u -> (JsonNode) render(u, baseUrl))
                    .toList();
            return paging.listResponse(total, page);
        }
        if (paging.filter() == null) {
            long total = store.countUsers(s.accountId());
            List<JsonNode> page = store.users(s.accountId(), paging.offset(), paging.count()).stream()
                    .map(u -> (JsonNode) render(u, baseUrl))
                    .toList();
            return paging.listResponse(total, page);
        }
        // general filters: evaluated by the SDK over the account's users, in batches
        List<JsonNode> page = new ArrayList<>();
        long matched = 0;
        int batch = 500;
        for (int offset = 0; ; offset += batch) {
            List<ScimUser> users = store.users(s.accountId(), offset, batch);
            for (ScimUser u : users) {
                ObjectNode r = render(u, baseUrl);
                if (paging.matches(r)) {
                    if (matched >= paging.offset() && page.size() < paging.count()) {
                        page.add(r);
                    }
                    matched++;
                }
            }
            if (users.size() < batch) {
                break;
            }
        }
        return paging.listResponse(matched, page);
    }

    @Transactional
    public ObjectNode replace(ConnectionSettings s, String id, String body, String baseUrl) {
        ScimUser u = find(s, id, true);
        ObjectNode node = normalise(ScimJson.parseBody(body));
        return save(s, u, node, baseUrl);
    }

    @Transactional
    public ObjectNode patch(ConnectionSettings s, String id, String body, String baseUrl) {
        ScimUser u = find(s, id, true);
        PatchRequest request = ScimPatches.parse(body);
        ObjectNode node = ScimJson.parseStored(u.resourceJson());
        for (PatchOperation op : request) {
            try {
                op.apply(node);
            } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
                throw ScimException.of(e);
            }
        }
        return save(s, u, normalise(node), baseUrl);
    }

    @Transactional
    public void delete(ConnectionSettings s, String id) {
        ScimUser u = find(s, id, true);
        membership.deleted(s, u);
        List<ScimGroup> groups = store.groupsOf(u.id());
        for (ScimGroup g : groups) {
            store.removeMembers(g.id(), List.of(u.id()));
        }
        store.remove(u);
    }

    private ObjectNode save(ConnectionSettings s, ScimUser u, ObjectNode node, String baseUrl) {
        String userName = node.get("userName").asText();
        if (!userName.equalsIgnoreCase(u.userName())) {
            store.userByName(s.accountId(), userName)
                    .filter(other -> !other.id().equals(u.id()))
                    .ifPresent(other -> {
                        throw new ScimException(409, "uniqueness", "userName is already taken");
                    });
        }
        String oldKey = ScimMembership.memberKey(u);
        Instant now = clock.instant();
        u.replace(resource(node), now);
        // a changed externalId moves the person's row to the new key (never a revoke and a grant)
        membership.refresh(s, List.of(u), oldKey);
        return render(u, baseUrl);
    }

    private ScimUser find(ConnectionSettings s, String id, boolean forUpdate) {
        UUID uuid = ScimIds.parse(id, "User");
        return (forUpdate ? store.userForUpdate(s.accountId(), uuid) : store.user(s.accountId(), uuid))
                .orElseThrow(() -> ScimException.notFound("User " + id + " not found"));
    }

    private static ScimUser.Resource resource(ObjectNode node) {
        JsonNode ext = node.get("externalId");
        return new ScimUser.Resource(
                node.get("userName").asText(),
                ext == null || ext.isNull() ? null : ext.asText(),
                node.get("active").booleanValue(),
                ScimJson.write(node));
    }

    /** Validates and cleans a User resource (RFC 7643 §4.1); read-only and write-never attributes are dropped. */
    static ObjectNode normalise(ObjectNode node) {
        node.remove(List.of("id", "meta", "password", "groups"));
        JsonNode schemas = node.get("schemas");
        if (schemas == null || schemas.isNull()) {
            node.putArray("schemas").add(ScimMedia.USER_SCHEMA);
        } else if (!schemas.isArray() || !containsText((ArrayNode) schemas, ScimMedia.USER_SCHEMA)) {
            throw ScimException.invalidValue("schemas must include " + ScimMedia.USER_SCHEMA);
        }
        JsonNode userName = node.get("userName");
        if (userName == null || !userName.isTextual() || userName.asText().isBlank()) {
            throw ScimException.invalidValue("userName is required");
        }
        if (userName.asText().length() > 512) {
            throw ScimException.invalidValue("userName is too long");
        }
        JsonNode active = node.get("active");
        if (active == null || active.isNull()) {
            node.put("active", true);
        } else if (active.isTextual()) {
            String t = active.asText().trim().toLowerCase(Locale.ROOT);
            if (!t.equals("true") && !t.equals("false")) {
                throw ScimException.invalidValue("active must be a boolean");
            }
            node.set("active", BooleanNode.valueOf(t.equals("true")));
        } else if (!active.isBoolean()) {
            throw ScimException.invalidValue("active must be a boolean");
        }
        JsonNode ext = node.get("externalId");
        if (ext != null
                && !ext.isNull()
                && (!ext.isTextual() || ext.asText().isBlank() || ext.asText().length() > 256)) {
            throw ScimException.invalidValue("externalId must be a non-blank string");
        }
        JsonNode emails = node.get("emails");
        if (emails != null && !emails.isNull() && !emails.isArray()) {
            throw ScimException.invalidValue("emails must be an array");
        }
        JsonNode name = node.get("name");
        if (name != null && !name.isNull() && !name.isObject()) {
            throw ScimException.invalidValue("name must be an object");
        }
        return node;
    }

    static boolean containsText(ArrayNode array, String value) {
        for (JsonNode n : array) {
            if (n.isTextual() && n.asText().equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    static ObjectNode render(ScimUser u, String baseUrl) {
        ObjectNode stored = ScimJson.parseStored(u.resourceJson());
        ObjectNode out = ScimJson.object();
        out.set("schemas", stored.remove("schemas"));
        out.put("id", u.id().toString());
        out.setAll(stored);
        ObjectNode meta = out.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", u.createdAt().toString());
        meta.put("lastModified", u.updatedAt().toString());
        meta.put("location", baseUrl + "/Users/" + u.id());
        meta.put("version", "W/\"" + u.version() + "\"");
        return out;
    }
}
