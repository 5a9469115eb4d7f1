package io.gatehouse.directory;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.directory.domain.MemberSnapshotStore;
import io.gatehouse.directory.domain.MemberState;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.MemberUpdated;
import io.gatehouse.events.RevocationReason;
import io.gatehouse.events.Role;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.testsupport.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Reconciliation against the jumpcloud-simulator over real HTTP; events read back from the real Kafka broker. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "directory"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(SimulatorResource.class)
class ReconciliationTest {

    @Inject
    MemberSnapshotStore snapshot;

    @Inject
    io.gatehouse.directory.domain.RunDueSyncs scheduler;

    @Test
    void schedulerRunsDueAccountsOnce() {
        String tag = Sim.unique("sched");
        String app = Sim.app(tag, null);
        String group = Sim.group(tag + " Team", Sim.user(tag + "-a@acme.test", "A", "A"));
        Sim.bind(app, group);
        String account = Api.newAccount("sched");
        Map<String, Object> conn = connection(app, Map.of(), 1.0, 1000);
        conn.put("syncIntervalSeconds", 3600);
        Api.putConnection(account, conn);
        scheduler.runDue();
        Api.operator()
                .get("/api/accounts/{id}/directory/syncs", account)
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].trigger", equalTo("SCHEDULED"))
                .body("[0].status", equalTo("APPLIED"))
                .body("[0].granted", equalTo(1));
        scheduler.runDue(); // next run due in an hour
        Api.operator().get("/api/accounts/{id}/directory/syncs", account).then().body("size()", equalTo(1));
    }

    static Map<String, Object> connection(
            String appId, Map<String, String> mappings, double maxFraction, int minCount) {
        Map<String, Object> b = new HashMap<>();
        b.put("provider", "JUMPCLOUD");
        b.put("apiBaseUrl", Sim.url());
        b.put("apiKey", Sim.apiKey());
        b.put("applicationId", appId);
        b.put("groupRoleMappings", mappings);
        b.put("defaultRole", "AGENT");
        b.put("syncIntervalSeconds", 0);
        b.put("revokeBrake", Map.of("maxFraction", maxFraction, "minCount", minCount));
        b.put("scimEnabled", true);
        return b;
    }

    static JsonPath sync(String account) {
        return Api.operator()
                .post("/api/accounts/{id}/directory/sync?wait=true", account)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static void assertCounts(JsonPath run, String status, int granted, int updated, int revoked, int unchanged) {
        assertEquals(status, run.getString("status"), run.prettify());
        assertEquals(granted, run.getInt("granted"), "granted " + run.prettify());
        assertEquals(updated, run.getInt("updated"), "updated " + run.prettify());
        assertEquals(revoked, run.getInt("revoked"), "revoked " + run.prettify());
        assertEquals(unchanged, run.getInt("unchanged"), "unchanged " + run.prettify());
    }

    static <T extends GatehouseEvent> T one(List<GatehouseEvent> events, Class<T> type, String externalId) {
        List<T> found = events.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(e -> externalIdOf(e).equals(externalId))
                .toList();
        assertEquals(1, found.size(), type.getSimpleName() + " for " + externalId + " in " + events);
        return found.get(0);
    }

    static String externalIdOf(GatehouseEvent e) {
        if (e instanceof MemberGranted g) {
            return g.externalId();
        }
        if (e instanceof MemberUpdated u) {
            return u.externalId();
        }
        return ((MemberRevoked) e).externalId();
    }

    @Test
    void lifecycleEmitsGrantUpdateAndRevokeEvents() {
        String tag = Sim.unique("life");
        String app = Sim.app(tag, null);
        String[] u = new String[8];
        for (int i = 1; i <= 7; i++) {
            u[i] = Sim.user(tag + "-u" + i + "@acme.test", "First" + i, "Last" + i);
        }
        String agents = Sim.group(tag + " Agents", u[1], u[2], u[3], u[4]);
        String admins = Sim.group(tag + " Admins", u[5]);
        Sim.bind(app, agents);
        Sim.bind(app, admins);
        String account = Api.newAccount("life");
        assertEquals(201, Api.putConnection(account, connection(app, Map.of(tag + " Admins", "ADMIN"), 1.0, 1000)));

        // initial grant
        assertCounts(sync(account), "APPLIED", 5, 0, 0, 0);
        List<GatehouseEvent> events = Events.of(account, 5);
        assertEquals(5, events.size());
        MemberGranted admin = one(events, MemberGranted.class, u[5]);
        assertEquals(Role.ADMIN, admin.role());
        assertTrue(admin.roleFromGroup());
        assertEquals(List.of(tag + " Admins"), admin.groups());
        assertEquals(tag + "-u5@acme.test", admin.email());
        assertEquals("First5", admin.firstName());
        assertEquals(MemberSource.SYNC, admin.source());
        MemberGranted agent = one(events, MemberGranted.class, u[1]);
        assertEquals(Role.AGENT, agent.role());
        assertEquals(false, agent.roleFromGroup());

        // a run without changes emits nothing
        JsonPath quiet = sync(account);
        assertCounts(quiet, "APPLIED", 0, 0, 0, 5);
        assertTrue(quiet.getInt("apiCalls") > 0);

        // add, remove, suspend, lock, delete in one run
        Sim.addMember(agents, u[6]);
        Sim.removeMember(agents, u[1]);
        Sim.patchUser(u[2], Map.of("suspended", true));
        Sim.patchUser(u[3], Map.of("account_locked", true));
        Sim.deleteUser(u[4]);
        assertCounts(sync(account), "APPLIED", 1, 0, 4, 1);
        events = Events.of(account, 10);
        assertEquals(10, events.size(), "no event from the quiet run: " + events);
        one(events, MemberGranted.class, u[6]);
        assertEquals(
                RevocationReason.REMOVED_FROM_GROUP,
                one(events, MemberRevoked.class, u[1]).reason());
        assertEquals(
                RevocationReason.SUSPENDED,
                one(events, MemberRevoked.class, u[2]).reason());
        assertEquals(
                RevocationReason.LOCKED, one(events, MemberRevoked.class, u[3]).reason());
        assertEquals(
                RevocationReason.DELETED, one(events, MemberRevoked.class, u[4]).reason());
        assertEquals(
                tag + "-u4@acme.test", one(events, MemberRevoked.class, u[4]).email());

        // nested group: members of a group inside a bound group get access
        String nested = Sim.group(tag + " Nested", u[7]);
        Sim.nest(agents, nested);
        assertCounts(sync(account), "APPLIED", 1, 0, 0, 2);
        events = Events.of(account, 11);
        MemberGranted viaNesting = one(events, MemberGranted.class, u[7]);
        assertTrue(
                viaNesting.groups().contains(tag + " Agents"),
                viaNesting.groups().toString());

        // role mapping: joining the admins group, then a new mapping for agents
        Sim.addMember(admins, u[6]);
        assertCounts(sync(account), "APPLIED", 0, 1, 0, 2);
        events = Events.of(account, 12);
        MemberUpdated promoted = one(events, MemberUpdated.class, u[6]);
        assertEquals(Role.ADMIN, promoted.role());
        assertEquals(List.of(tag + " Admins", tag + " Agents"), promoted.groups());
        Map<String, Object> remap =
                connection(app, Map.of(tag + " Admins", "ADMIN", tag + " Agents", "SUPERVISOR"), 1.0, 1000);
        remap.remove("apiKey");
        assertEquals(200, Api.putConnection(account, remap));
        assertCounts(sync(account), "APPLIED", 0, 1, 0, 2); // u7 becomes SUPERVISOR; u5/u6 stay ADMIN
        events = Events.of(account, 13);
        List<MemberUpdated> u7updates = events.stream()
                .filter(MemberUpdated.class::isInstance)
                .map(MemberUpdated.class::cast)
                .filter(e -> e.externalId().equals(u[7]))
                .toList();
        assertEquals(1, u7updates.size());
        assertEquals(Role.SUPERVISOR, u7updates.get(0).role());

        // unbinding the agents group revokes its members who have no other bound group
        Sim.unbind(app, agents);
        assertCounts(sync(account), "APPLIED", 0, 1, 1, 1);
        events = Events.of(account, 15);
        assertEquals(
                RevocationReason.REMOVED_FROM_GROUP,
                one(events, MemberRevoked.class, u[7]).reason());
        List<String> remaining = snapshot.list(account).stream()
                .map(MemberState::externalId)
                .sorted()
                .toList();
        assertEquals(List.of(u[5], u[6]).stream().sorted().toList(), remaining);

        Api.operator()
                .get("/api/accounts/{id}/directory/syncs", account)
                .then()
                .statusCode(200)
                .body("size()", equalTo(7))
                .body("[0].status", equalTo("APPLIED"));
    }

    @Test
    void faultsLeaveAccessUnchangedOrAreRetriedToSuccess() {
        String tag = Sim.unique("fault");
        String app = Sim.app(tag, null);
        String a = Sim.user(tag + "-a@acme.test", "A", "A");
        String b = Sim.user(tag + "-b@acme.test", "B", "B");
        String c = Sim.user(tag + "-c@acme.test", "C", "C");
        String group = Sim.group(tag + " Users", a, b, c);
        Sim.bind(app, group);
        String account = Api.newAccount("fault");
        Api.putConnection(account, connection(app, Map.of(), 1.0, 1000));
        assertCounts(sync(account), "APPLIED", 3, 0, 0, 0);
        int baselineCalls = sync(account).getInt("apiCalls");
        Sim.removeMember(group, c);
        int eventsBefore = Events.of(account, 3).size();

        try {
            for (Map<String, Object> f : List.<Map<String, Object>>of(
                    Map.of("type", "SHORT_PAGE", "pathPrefix", "/api/systemusers", "dropItems", 1),
                    Map.of("type", "SHORT_PAGE", "pathPrefix", "/api/v2/usergroups", "dropItems", 1),
                    Map.of("type", "WRONG_TOTAL", "pathPrefix", "/api/systemusers", "totalCountDelta", 1),
                    Map.of("type", "WRONG_TOTAL", "pathPrefix", "/api/systemusers", "totalCountDelta", -1),
                    Map.of("type", "WRONG_TOTAL", "pathPrefix", "/api/v2/usergroups", "totalCountDelta", 2),
                    Map.of("type", "UNAVAILABLE", "pathPrefix", "/api/v2", "status", 503, "count", 20),
                    Map.of("type", "RATE_LIMIT", "pathPrefix", "/api/v2", "count", 20),
                    Map.of("type", "UNAVAILABLE", "pathPrefix", "/api/v2", "status", 500),
                    Map.of("type", "SLOW", "pathPrefix", "/api/systemusers", "delayMillis", 2600, "count", 20))) {
                Sim.fault(f);
                JsonPath run = sync(account);
                Sim.clearFaults();
                assertEquals("FAILED", run.getString("status"), f + " -> " + run.prettify());
                assertTrue(run.getString("error") != null
                        && !run.getString("error").isBlank());
                assertEquals(3, snapshot.count(account), "access unchanged after " + f);
            }
            String failedDetail = Api.operator()
                    .get("/api/accounts/{id}/directory/syncs", account)
                    .then()
                    .extract()
                    .jsonPath()
                    .getString("[0].error");
            assertTrue(failedDetail.contains("retries_exhausted"), failedDetail);
            assertEquals(eventsBefore, Events.of(account, 0).size(), "no event from failed runs");

            // transient faults are retried: 429 with and without Retry-After, 503, one slow answer
            Sim.fault(Map.of("type", "RATE_LIMIT", "pathPrefix", "/api/v2", "retryAfterSeconds", 1));
            Sim.fault(Map.of("type", "RATE_LIMIT", "pathPrefix", "/api/systemusers", "count", 2));
            Sim.fault(Map.of("type", "UNAVAILABLE", "pathPrefix", "/api/v2/usergroups", "count", 2));
            Sim.fault(Map.of("type", "SLOW", "pathPrefix", "/api/systemusers", "delayMillis", 2600));
            JsonPath recovered = sync(account);
            assertCounts(recovered, "APPLIED", 0, 0, 1, 2);
            assertTrue(recovered.getInt("apiCalls") >= baselineCalls + 6, recovered.prettify());
        } finally {
            Sim.clearFaults();
        }
        assertEquals(
                RevocationReason.REMOVED_FROM_GROUP,
                one(Events.of(account, eventsBefore + 1), MemberRevoked.class, c)
                        .reason());
    }

    @Test
    void largeRevocationIsHeldAndApprovalAppliesExactlyThePlan() {
        String tag = Sim.unique("brake");
        String app = Sim.app(tag, null);
        String[] users = new String[10];
        for (int i = 0; i < 10; i++) {
            users[i] = Sim.user(tag + "-" + i + "@acme.test", "F" + i, "L" + i);
        }
        String group = Sim.group(tag + " Team", users);
        Sim.bind(app, group);
        String account = Api.newAccount("brake");
        Api.putConnection(account, connection(app, Map.of(), 0.3, 3));
        assertCounts(sync(account), "APPLIED", 10, 0, 0, 0);
        Events.of(account, 10);

        for (int i = 0; i < 4; i++) {
            Sim.removeMember(group, users[i]);
        }
        // dry run: the plan, nothing applied
        JsonPath dry = Api.operator()
                .post("/api/accounts/{id}/directory/sync?wait=true&dryRun=true", account)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertCounts(dry, "DRY_RUN", 0, 0, 4, 6);
        Api.operator()
                .get("/api/accounts/{id}/directory/syncs/{s}", account, dry.getString("syncId"))
                .then()
                .statusCode(200)
                .body("plannedChanges.size()", equalTo(4));

        JsonPath held = sync(account);
        assertCounts(held, "HELD", 0, 0, 4, 6);
        String heldId = held.getString("syncId");
        assertEquals(10, snapshot.count(account));
        JsonPath detail = Api.operator()
                .get("/api/accounts/{id}/directory/syncs/{s}", account, heldId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> planned = detail.getList("plannedChanges.externalId");
        assertEquals(
                List.of(users[0], users[1], users[2], users[3]).stream()
                        .sorted()
                        .toList(),
                planned.stream().sorted().toList());
        assertEquals(List.of("REVOKE", "REVOKE", "REVOKE", "REVOKE"), detail.getList("plannedChanges.kind"));

        // JumpCloud moves on (a fifth removal), but approval applies exactly the held plan
        Sim.removeMember(group, users[4]);
        Api.operator()
                .post("/api/accounts/{id}/directory/syncs/{s}/approve", account, dry.getString("syncId"))
                .then()
                .statusCode(409)
                .body("code", equalTo("sync_not_held"));
        Api.operator()
                .post("/api/accounts/{id}/directory/syncs/{s}/approve", account, heldId)
                .then()
                .statusCode(200)
                .body("status", equalTo("APPLIED"))
                .body("approvedBy", equalTo("operator"));
        List<String> left = snapshot.list(account).stream()
                .map(MemberState::externalId)
                .sorted()
                .toList();
        assertEquals(List.of(users).subList(4, 10).stream().sorted().toList(), left);
        List<GatehouseEvent> events = Events.of(account, 14);
        assertEquals(4, events.stream().filter(MemberRevoked.class::isInstance).count(), events.toString());
        Api.operator()
                .post("/api/accounts/{id}/directory/syncs/{s}/approve", account, heldId)
                .then()
                .statusCode(409)
                .body("code", equalTo("sync_not_held"));

        // a held plan whose snapshot moved since is stale
        for (int i = 5; i < 8; i++) {
            Sim.removeMember(group, users[i]);
        }
        JsonPath held2 = sync(account);
        assertEquals("HELD", held2.getString("status"));
        String scimToken = Api.operator()
                .post("/api/accounts/{id}/directory/scim-token", account)
                .then()
                .extract()
                .path("token");
        // JumpCloud adds a member and pushes them (with their JumpCloud id, which its API confirms): the snapshot moves
        String pushed = Sim.user(tag + "-pushed@acme.test", "P", "Pushed");
        Sim.addMember(group, pushed);
        io.restassured.RestAssured.given()
                .header("Authorization", "Bearer " + scimToken)
                .contentType("application/scim+json")
                .body("{\"userName\":\"" + tag + "-pushed@acme.test\",\"externalId\":\"" + pushed + "\"}")
                .post("/scim/v2/" + account + "/Users")
                .then()
                .statusCode(201);
        Api.operator()
                .post("/api/accounts/{id}/directory/syncs/{s}/approve", account, held2.getString("syncId"))
                .then()
                .statusCode(409)
                .body("code", equalTo("sync_stale"));
        assertEquals(7, snapshot.count(account));
    }

    @Test
    void scimPushAndReconciliationAgreeOnAccess() throws Exception {
        String tag = Sim.unique("scimsync");
        String account = Api.newAccount("scimsync");
        String app = scimConnected(tag, account, Map.of()).app();

        String a = Sim.user(tag + "-a@acme.test", "Ann", "A");
        String b = Sim.user(tag + "-b@acme.test", "Bob", "B");
        String c = Sim.user(tag + "-c@acme.test", "Cy", "C");
        String admins = Sim.group(tag + " Admins", a);
        String team = Sim.group(tag + " Team", b, c);
        Sim.bind(app, admins);
        Sim.bind(app, team);
        Sim.patchUser(c, Map.of("suspended", true));
        awaitState(account, Map.of(a, "ADMIN " + List.of(tag + " Admins"), b, "AGENT " + List.of(tag + " Team")));
        // reconciliation finds exactly what SCIM pushed: nothing to change
        assertCounts(sync(account), "APPLIED", 0, 0, 0, 2);
        Map<String, Role> pushed = roles(account);
        assertEquals(Map.of(a, Role.ADMIN, b, Role.AGENT), pushed);

        Sim.patchUser(c, Map.of("suspended", false));
        Sim.addMember(admins, b);
        Sim.removeMember(admins, a);
        Sim.addMember(team, a);
        awaitState(
                account,
                Map.of(
                        a,
                        "AGENT " + List.of(tag + " Team"),
                        b,
                        "ADMIN " + List.of(tag + " Admins", tag + " Team"),
                        c,
                        "AGENT " + List.of(tag + " Team")));
        assertCounts(sync(account), "APPLIED", 0, 0, 0, 3);

        Sim.unbind(app, team);
        awaitState(account, Map.of(b, "ADMIN " + List.of(tag + " Admins")));
        assertCounts(sync(account), "APPLIED", 0, 0, 0, 1);
    }

    /**
     * The demo's "updated 1" on its first scheduled sync: a member reached through a group nested in a bound group
     * (like the demo's dynamic "Acme Support" inside "Acme Agents") was pushed by SCIM with the bound group only,
     * while reconciliation also named the nested group; the next sync then "updated" them for nothing.
     */
    @Test
    void scimPushAndReconciliationAgreeOnAMemberOfANestedGroup() throws Exception {
        String tag = Sim.unique("scimnest");
        String account = Api.newAccount("scimnest");
        String app = scimConnected(tag, account, Map.of()).app();

        String a = Sim.user(tag + "-a@acme.test", "Ann", "A");
        String b = Sim.user(tag + "-b@acme.test", "Bob", "B");
        String team = Sim.group(tag + " Team", a);
        String nested = Sim.group(tag + " Support", b);
        Sim.nest(team, nested);
        Sim.bind(app, team);
        awaitState(account, Map.of(a, "AGENT " + List.of(tag + " Team"), b, "AGENT " + List.of(tag + " Team")));
        assertCounts(sync(account), "APPLIED", 0, 0, 0, 2);
        assertCounts(sync(account), "APPLIED", 0, 0, 0, 2);
    }

    /** A simulator app (Identity Management pointed at the account) and its SCIM token. */
    record ScimConnected(String app, String token) {}

    /**
     * Connects the account (SCIM on, "{tag} Admins" → ADMIN, API key set) to a new simulator app whose Identity
     * Management pushes to the account's SCIM endpoint, with these extra {@code scim} settings.
     */
    static ScimConnected scimConnected(String tag, String account, Map<String, Object> scimSettings) {
        Map<String, Object> conn = connection("pending", Map.of(tag + " Admins", "ADMIN"), 1.0, 1000);
        Api.putConnection(account, conn);
        String token = Api.operator()
                .post("/api/accounts/{id}/directory/scim-token", account)
                .then()
                .extract()
                .path("token");
        Map<String, Object> scim = new HashMap<>(scimSettings);
        scim.put("baseUrl", "http://localhost:" + io.restassured.RestAssured.port + "/scim/v2/" + account);
        scim.put("token", token);
        String app = Sim.app(tag, scim);
        conn.put("applicationId", app);
        Api.putConnection(account, conn);
        return new ScimConnected(app, token);
    }

    private Map<String, Role> roles(String account) {
        return snapshot.list(account).stream().collect(Collectors.toMap(MemberState::externalId, MemberState::role));
    }

    private void awaitMembers(String account, int n) {
        Awaitility.await("SCIM push")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertEquals(n, snapshot.count(account), "SCIM push did not arrive"));
    }

    private Map<String, String> state(String account) {
        return snapshot.list(account).stream()
                .collect(Collectors.toMap(MemberState::externalId, m -> m.role() + " " + m.groups()));
    }

    /** Waits until the SCIM pushes (asynchronous in the simulator) have all arrived. */
    private void awaitState(String account, Map<String, String> expected) {
        Awaitility.await("SCIM pushes")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertEquals(expected, state(account)));
    }
}
