package io.gatehouse.simulator.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.simulator.domain.AppSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The SCIM push of one app to one target: a single worker thread (so requests go out in change order) that
 * compares each desired state with what it has pushed so far and sends the difference, remembering the SCIM ids
 * the target returned.
 *
 * <p>Pushes that got no answer after every retry (an outage) are replayed first, as they were, before the next
 * change's push or by themselves a second later (JumpCloud queues them and replays old states after an outage).
 *
 * <p>Order within one change: user creations and updates; user deletions; group deletions, creations and
 * membership PATCHes (add, then remove); finally deactivation of users no longer bound to the app.
 */
final class ScimChannel {

    private static final Logger LOG = Logger.getLogger(ScimChannel.class);
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private record PushedUser(String scimId, String email, String firstname, String lastname, boolean active) {}

    private static final class PushedGroup {
        final String scimId;
        final Set<String> members = new TreeSet<>();

        PushedGroup(String scimId) {
            this.scimId = scimId;
        }
    }

    private final String appId;
    private final AppSettings.ScimSettings target;
    private final ScimClient client;
    private final ObjectMapper mapper;
    private final ScheduledExecutorService worker;
    private boolean replayScheduled;
    private final Map<String, PushedUser> users = new HashMap<>();
    private final Map<String, PushedGroup> groups = new HashMap<>();
    private final List<Queued> backlog = new ArrayList<>();
    private boolean validated;

    /** A push that got no answer, kept to be sent again as it was. */
    private record Queued(String method, String path, JsonNode body) {}

    static final int MAX_BACKLOG = 10_000;
    static final long REPLAY_DELAY_MILLIS = 1000;

    ScimChannel(String appId, AppSettings.ScimSettings target, ScimClient client, ObjectMapper mapper) {
        this.appId = appId;
        this.target = target;
        this.client = client;
        this.mapper = mapper;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "scim-push-" + appId);
            thread.setDaemon(true);
            return thread;
        });
    }

    AppSettings.ScimSettings target() {
        return target;
    }

    void submit(DesiredState desired) {
        worker.submit(() -> {
            try {
                reconcile(desired);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warnf("SCIM push for app %s failed: %s", appId, e.toString());
            }
            scheduleReplay();
        });
    }

    /** While pushes are kept from an outage, JumpCloud tries them again on its own: every second, on this worker. */
    private void scheduleReplay() {
        if (backlog.isEmpty() || replayScheduled || worker.isShutdown()) {
            return;
        }
        replayScheduled = true;
        worker.schedule(
                () -> {
                    replayScheduled = false;
                    try {
                        if (validated) {
                            replayBacklog();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (RuntimeException e) {
                        LOG.warnf("SCIM replay for app %s failed: %s", appId, e.toString());
                    }
                    scheduleReplay();
                },
                REPLAY_DELAY_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** A task that completes once everything submitted before it has been pushed. */
    Future<?> barrier() {
        return worker.submit(() -> {});
    }

    void shutdown() {
        worker.shutdownNow();
    }

    private void reconcile(DesiredState desired) throws InterruptedException {
        if (!validated) {
            // JumpCloud's check when Identity Management is activated.
            ScimClient.Result check = client.send(appId, target, "GET", "/Users", null, null);
            if (!check.ok()) {
                return;
            }
            validated = true;
        }
        replayBacklog();
        for (DesiredState.DesiredUser user : desired.users().values()) {
            pushUser(user);
        }
        for (Iterator<Map.Entry<String, PushedUser>> it = users.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, PushedUser> entry = it.next();
            if (desired.deletedUserIds().contains(entry.getKey())
                    && !desired.users().containsKey(entry.getKey())) {
                ScimClient.Result result =
                        send("DELETE", "/Users/" + entry.getValue().scimId(), null, null);
                if (result.ok() || result.status() == 404) {
                    it.remove();
                    groups.values().forEach(g -> g.members.remove(entry.getKey()));
                }
            }
        }
        if (target.groupManagement()) {
            pushGroups(desired);
        }
        for (Map.Entry<String, PushedUser> entry : users.entrySet()) {
            PushedUser pushed = entry.getValue();
            if (!desired.users().containsKey(entry.getKey()) && pushed.active()) {
                if (send("PATCH", "/Users/" + pushed.scimId(), null, patch(List.of(replace("active", false))))
                        .ok()) {
                    entry.setValue(new PushedUser(
                            pushed.scimId(), pushed.email(), pushed.firstname(), pushed.lastname(), false));
                }
            }
        }
    }

    /**
     * The Identity Management tab's Test Connection, queued behind earlier pushes: {@code GET /Users}, a test user
     * created with the Test User Email, with group management a test group created and deleted, then the test user
     * deleted, or deactivated when the target refuses DELETE (JumpCloud's documented behaviour). What the test user
     * and group are named is not documented: {@link #TEST_USER_NAME} and {@link #TEST_GROUP_NAME} are the
     * simulator's choice. Nothing of it is remembered as pushed state.
     */
    Future<ScimPusher.TestConnection> testConnection(String testUserEmail) {
        return worker.submit(() -> runTestConnection(testUserEmail));
    }

    static final String[] TEST_USER_NAME = {"JumpCloud", "Test User"};
    static final String TEST_GROUP_NAME = "JumpCloud Test Group";

    private ScimPusher.TestConnection runTestConnection(String email) throws InterruptedException {
        List<ScimPusher.TestStep> steps = new ArrayList<>();
        ScimClient.Result check = step(steps, "GET", "/Users", null, null);
        if (!check.ok()) {
            return new ScimPusher.TestConnection(false, email, steps);
        }
        ObjectNode user = mapper.createObjectNode();
        user.putArray("schemas").add(USER_SCHEMA);
        user.put("userName", email);
        if (target.sendExternalId()) {
            user.put("externalId", randomObjectId());
        }
        ObjectNode name = user.putObject("name");
        name.put("givenName", TEST_USER_NAME[0]);
        name.put("familyName", TEST_USER_NAME[1]);
        user.put("displayName", TEST_USER_NAME[0] + " " + TEST_USER_NAME[1]);
        user.set("emails", emails(email));
        user.put("active", true);
        ScimClient.Result created = step(steps, "POST", "/Users", null, user);
        String userId = created.ok() && created.body() != null
                ? created.body().path("id").asText(null)
                : null;
        if (userId == null) {
            return new ScimPusher.TestConnection(false, email, steps);
        }
        boolean ok = true;
        if (target.groupManagement()) {
            ObjectNode group = mapper.createObjectNode();
            group.putArray("schemas").add(GROUP_SCHEMA);
            group.put("displayName", TEST_GROUP_NAME);
            group.put("externalId", randomObjectId());
            ScimClient.Result g = step(steps, "POST", "/Groups", null, group);
            String groupId = g.ok() && g.body() != null ? g.body().path("id").asText(null) : null;
            ok = groupId != null
                    && step(steps, "DELETE", "/Groups/" + groupId, null, null).ok();
        }
        ScimClient.Result deleted = step(steps, "DELETE", "/Users/" + userId, null, null);
        if (deleted.status() == 405 || deleted.status() == 501) {
            deleted = step(steps, "PATCH", "/Users/" + userId, null, patch(List.of(replace("active", false))));
        }
        return new ScimPusher.TestConnection(ok && deleted.ok(), email, steps);
    }

    private ScimClient.Result step(
            List<ScimPusher.TestStep> steps, String method, String path, String query, JsonNode body)
            throws InterruptedException {
        ScimClient.Result result = client.send(appId, target, method, path, query, body);
        steps.add(new ScimPusher.TestStep(method, path, result.status()));
        return result;
    }

    private static String randomObjectId() {
        byte[] bytes = new byte[12];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private void pushUser(DesiredState.DesiredUser user) throws InterruptedException {
        PushedUser pushed = users.get(user.id());
        if (pushed == null) {
            if (!user.active()) {
                return;
            }
            ScimClient.Result found = send("GET", "/Users", "filter=userName eq \"" + user.email() + "\"", null);
            if (!found.ok()) {
                return;
            }
            JsonNode resources = found.body() == null ? null : found.body().path("Resources");
            if (resources != null
                    && resources.isArray()
                    && resources.size() > 0
                    && resources.get(0).hasNonNull("id")) {
                String scimId = resources.get(0).get("id").asText();
                if (send("PATCH", "/Users/" + scimId, null, patch(List.of(replace("active", true))))
                        .ok()) {
                    users.put(user.id(), new PushedUser(scimId, user.email(), user.firstname(), user.lastname(), true));
                }
                return;
            }
            ScimClient.Result created = send("POST", "/Users", null, newUser(user));
            if (created.ok() && created.body() != null && created.body().hasNonNull("id")) {
                users.put(
                        user.id(),
                        new PushedUser(
                                created.body().get("id").asText(),
                                user.email(),
                                user.firstname(),
                                user.lastname(),
                                true));
            }
            return;
        }
        List<ObjectNode> operations = new ArrayList<>();
        if (!Objects.equals(pushed.firstname(), user.firstname())) {
            operations.add(replace("name.givenName", user.firstname()));
        }
        if (!Objects.equals(pushed.lastname(), user.lastname())) {
            operations.add(replace("name.familyName", user.lastname()));
        }
        if (!Objects.equals(pushed.email(), user.email())) {
            operations.add(replace("userName", user.email()));
            operations.add(replace("emails", emails(user.email())));
        }
        if (pushed.active() != user.active()) {
            operations.add(replace("active", user.active()));
        }
        if (!operations.isEmpty()
                && send("PATCH", "/Users/" + pushed.scimId(), null, patch(operations))
                        .ok()) {
            users.put(
                    user.id(),
                    new PushedUser(pushed.scimId(), user.email(), user.firstname(), user.lastname(), user.active()));
        }
    }

    private void pushGroups(DesiredState desired) throws InterruptedException {
        for (Iterator<Map.Entry<String, PushedGroup>> it = groups.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, PushedGroup> entry = it.next();
            if (!desired.groups().containsKey(entry.getKey())) {
                ScimClient.Result result = send("DELETE", "/Groups/" + entry.getValue().scimId, null, null);
                if (result.ok() || result.status() == 404) {
                    it.remove();
                }
            }
        }
        for (DesiredState.DesiredGroup group : desired.groups().values()) {
            PushedGroup pushed = groups.get(group.id());
            if (pushed == null) {
                ObjectNode body = mapper.createObjectNode();
                body.putArray("schemas").add(GROUP_SCHEMA);
                body.put("displayName", group.name());
                body.put("externalId", group.id());
                ScimClient.Result created = send("POST", "/Groups", null, body);
                if (!created.ok() || created.body() == null || !created.body().hasNonNull("id")) {
                    continue;
                }
                pushed = new PushedGroup(created.body().get("id").asText());
                groups.put(group.id(), pushed);
            }
            Set<String> wanted = new TreeSet<>();
            for (String userId : group.userIds()) {
                if (users.containsKey(userId)) {
                    wanted.add(userId);
                }
            }
            List<String> toAdd = wanted.stream()
                    .filter(u -> !groups.get(group.id()).members.contains(u))
                    .toList();
            List<String> toRemove =
                    pushed.members.stream().filter(u -> !wanted.contains(u)).toList();
            if (!toAdd.isEmpty()
                    && send("PATCH", "/Groups/" + pushed.scimId, null, patch(List.of(members("add", toAdd))))
                            .ok()) {
                pushed.members.addAll(toAdd);
            }
            if (!toRemove.isEmpty()
                    && send("PATCH", "/Groups/" + pushed.scimId, null, patch(List.of(members("remove", toRemove))))
                            .ok()) {
                toRemove.forEach(pushed.members::remove);
            }
        }
    }

    /**
     * Sends one push. A PATCH or DELETE that gets no answer or a 5xx after every retry is kept, as JumpCloud queues
     * the pushes of an outage, and sent again as it was, before the next change's push: old states are replayed.
     */
    private ScimClient.Result send(String method, String path, String query, JsonNode body)
            throws InterruptedException {
        ScimClient.Result result = client.send(appId, target, method, path, query, body);
        boolean unanswered = result.status() == 0 || result.status() >= 500;
        if (unanswered && (method.equals("PATCH") || method.equals("DELETE")) && backlog.size() < MAX_BACKLOG) {
            backlog.add(new Queued(method, path, body));
        }
        return result;
    }

    /** Replays the queued pushes in order; stops at the first that still gets no answer (kept for next time). */
    private void replayBacklog() throws InterruptedException {
        while (!backlog.isEmpty()) {
            Queued next = backlog.get(0);
            ScimClient.Result result = client.send(appId, target, next.method(), next.path(), null, next.body());
            if (result.status() == 0 || result.status() >= 500) {
                return;
            }
            backlog.remove(0);
        }
    }

    private ObjectNode newUser(DesiredState.DesiredUser user) {
        ObjectNode body = mapper.createObjectNode();
        body.putArray("schemas").add(USER_SCHEMA);
        body.put("userName", user.email());
        if (target.sendExternalId()) {
            body.put("externalId", user.id());
        }
        ObjectNode name = body.putObject("name");
        name.put("givenName", user.firstname());
        name.put("familyName", user.lastname());
        body.put("displayName", user.displayname());
        body.set("emails", emails(user.email()));
        body.put("active", true);
        return body;
    }

    private ArrayNode emails(String email) {
        ArrayNode emails = mapper.createArrayNode();
        ObjectNode work = emails.addObject();
        work.put("value", email);
        work.put("type", "work");
        work.put("primary", true);
        return emails;
    }

    private ObjectNode patch(List<ObjectNode> operations) {
        ObjectNode body = mapper.createObjectNode();
        body.putArray("schemas").add(PATCH_SCHEMA);
        ArrayNode ops = body.putArray("Operations");
        operations.forEach(ops::add);
        return body;
    }

    private ObjectNode replace(String path, Object value) {
        ObjectNode op = mapper.createObjectNode();
        op.put("op", "replace");
        op.put("path", path);
        op.set("value", mapper.valueToTree(value));
        return op;
    }

    private ObjectNode members(String op, List<String> userIds) {
        ObjectNode node = mapper.createObjectNode();
        node.put("op", op);
        node.put("path", "members");
        ArrayNode value = node.putArray("value");
        for (String userId : userIds) {
            value.addObject().put("value", users.get(userId).scimId());
        }
        return node;
    }
}
