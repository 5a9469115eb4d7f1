package io.gatehouse.directory;

import static io.gatehouse.directory.ReconciliationTest.assertCounts;
import static io.gatehouse.directory.ReconciliationTest.connection;
import static io.gatehouse.directory.ReconciliationTest.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.directory.domain.MemberSnapshotStore;
import io.gatehouse.directory.domain.MemberState;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.RevocationReason;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.testsupport.SimulatorResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A SCIM push that gives or takes access away is confirmed against JumpCloud's API before it applies, where an API
 * key is configured (ADR 0014): a replayed {@code active=false} for someone JumpCloud still lists as an active member
 * of a bound group changes nothing, nor does a replayed {@code active=true} for someone JumpCloud has removed,
 * suspended or deleted since; a real removal revokes with the API's reason and a real return or joiner is granted;
 * while the API is down the change is held and the next reconciliation makes it.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "directory"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(SimulatorResource.class)
class ConfirmScimChangesTest {
    private static final String ACTIVATE = """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"replace","path":"active","value":true}]}""";
    private static final String DEACTIVATE = """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"replace","path":"active","value":false}]}""";

    @Inject
    MemberSnapshotStore snapshot;

    @Inject
    MeterRegistry meters;

    @AfterEach
    void clearFaults() {
        Sim.clearFaults();
    }

    /** An account with an API key whose bound group holds the given users, synced, and each also pushed by SCIM. */
    private record Setup(String account, String token, String group, Map<String, String> scimIds) {}

    private Setup setup(String tag, String... userIds) {
        String account = Api.newAccount(tag);
        String app = Sim.app(tag, null);
        String group = Sim.group(tag + " Team", userIds);
        Sim.bind(app, group);
        Api.putConnection(account, connection(app, Map.of(), 1.0, 1000));
        String token = Api.operator()
                .post("/api/accounts/{id}/directory/scim-token", account)
                .then()
                .extract()
                .path("token");
        assertCounts(sync(account), "APPLIED", userIds.length, 0, 0, 0);
        Map<String, String> scimIds = new java.util.HashMap<>();
        for (String id : userIds) {
            scimIds.put(id, push(account, token, id));
        }
        assertEquals(userIds.length, snapshot.count(account), keys(account).toString());
        return new Setup(account, token, group, scimIds);
    }

    /** JumpCloud's push of a user it knows (with its JumpCloud id as {@code externalId}); returns the SCIM id. */
    private static String push(String account, String token, String simUserId) {
        JsonPath u = Sim.req().get("/sim/users/" + simUserId).then().extract().jsonPath();
        return RestAssured.given()
                .header("Authorization", "Bearer " + token)
                .contentType("application/scim+json")
                .body(Map.of(
                        "userName",
                        u.getString("email"),
                        "externalId",
                        simUserId,
                        "active",
                        true,
                        "name",
                        Map.of("givenName", u.getString("firstname"), "familyName", u.getString("lastname"))))
                .post("/scim/v2/" + account + "/Users")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void staleDeactivationOfAnActiveMemberIsNotApplied() {
        String tag = Sim.unique("stale");
        String a = Sim.user(tag + "-a@acme.test", "Ann", "A");
        String b = Sim.user(tag + "-b@acme.test", "Bob", "B");
        Setup s = setup(tag, a, b);

        // replayed from an outage: JumpCloud still has a as an active member of the bound group
        scim(s, "PATCH", "/Users/" + s.scimIds().get(a), DEACTIVATE, 200);
        scim(s, "DELETE", "/Users/" + s.scimIds().get(b), null, 204);

        assertEquals(List.of(a, b).stream().sorted().toList(), keys(s.account()));
        assertEquals(List.of(), revocations(s.account(), 0));
        // and the next reconciliation has nobody to restore (it only refreshes the groups SCIM does not push)
        assertNoAccessChange(sync(s.account()), 0);
    }

    @Test
    void revocationJumpCloudAgreesWithAppliesWithItsReason() {
        String tag = Sim.unique("real");
        String a = Sim.user(tag + "-a@acme.test", "Ann", "A");
        String b = Sim.user(tag + "-b@acme.test", "Bob", "B");
        String c = Sim.user(tag + "-c@acme.test", "Cy", "C");
        Setup s = setup(tag, a, b, c);

        takeAway(s, a, b, c, true);

        assertEquals(List.of(), keys(s.account()));
        List<MemberRevoked> revoked = revocations(s.account(), 3);
        assertEquals(
                Map.of(
                        a,
                        RevocationReason.REMOVED_FROM_GROUP,
                        b,
                        RevocationReason.SUSPENDED,
                        c,
                        RevocationReason.DELETED),
                revoked.stream()
                        .collect(java.util.stream.Collectors.toMap(MemberRevoked::externalId, MemberRevoked::reason)));
    }

    @Test
    void unconfirmableRevocationIsHeldUntilTheNextReconciliation() {
        String tag = Sim.unique("down");
        String a = Sim.user(tag + "-a@acme.test", "Ann", "A");
        String b = Sim.user(tag + "-b@acme.test", "Bob", "B");
        Setup s = setup(tag, a, b);

        Sim.removeMember(s.group(), a);
        Sim.fault(Map.of("type", "UNAVAILABLE", "count", 50));
        scim(s, "PATCH", "/Users/" + s.scimIds().get(a), DEACTIVATE, 200);
        Sim.clearFaults();
        assertEquals(List.of(a, b).stream().sorted().toList(), keys(s.account()), "applied without JumpCloud");

        // the reconciliation is authoritative: a is revoked now, b stays
        assertNoAccessChange(sync(s.account()), 1);
        assertEquals(List.of(b), keys(s.account()));
    }

    @Test
    void staleGrantOfSomeoneJumpCloudRemovedIsNotApplied() {
        String tag = Sim.unique("stalegrant");
        String a = Sim.user(tag + "-a@acme.test", "Ann", "A");
        String b = Sim.user(tag + "-b@acme.test", "Bob", "B");
        String c = Sim.user(tag + "-c@acme.test", "Cy", "C");
        String d = Sim.user(tag + "-d@acme.test", "Di", "D");
        Setup s = setup(tag, a, b, c);
        // out before the outage, each revoked by a confirmed push: a left the group, b suspended, c deleted
        takeAway(s, a, b, c, false);
        assertEquals(List.of(), keys(s.account()));
        double stale = confirmations("grant", "stale");

        // replayed from the outage: the pushes of a short return, older than what JumpCloud says now; and a user
        // JumpCloud never bound to the application (d) pushed with their JumpCloud id
        scim(s, "PATCH", "/Users/" + s.scimIds().get(a), ACTIVATE, 200);
        scim(s, "PATCH", "/Users/" + s.scimIds().get(b), ACTIVATE, 200);
        scim(s, "PATCH", "/Users/" + s.scimIds().get(c), ACTIVATE, 200);
        push(s.account(), s.token(), d);

        assertEquals(List.of(), keys(s.account()), "nobody granted on a push JumpCloud's API contradicts");
        assertEquals(stale + 4, confirmations("grant", "stale"));
        // and the next reconciliation has nobody to revoke
        assertNoAccessChange(sync(s.account()), 0);
    }

    @Test
    void grantJumpCloudConfirmsApplies() {
        String tag = Sim.unique("realgrant");
        String a = Sim.user(tag + "-a@acme.test", "Ann", "A");
        String b = Sim.user(tag + "-b@acme.test", "Bob", "B");
        Setup s = setup(tag, a);
        double confirmed = confirmations("grant", "confirmed");

        // a real return: removed (revoked), then added back in JumpCloud, then the push
        Sim.removeMember(s.group(), a);
        scim(s, "PATCH", "/Users/" + s.scimIds().get(a), DEACTIVATE, 200);
        assertEquals(List.of(), keys(s.account()));
        Sim.addMember(s.group(), a);
        scim(s, "PATCH", "/Users/" + s.scimIds().get(a), ACTIVATE, 200);
        // a real joiner
        Sim.addMember(s.group(), b);
        push(s.account(), s.token(), b);

        assertEquals(List.of(a, b).stream().sorted().toList(), keys(s.account()));
        assertEquals(confirmed + 2, confirmations("grant", "confirmed"));
        assertNoAccessChange(sync(s.account()), 0);
    }

    @Test
    void unconfirmableGrantIsHeldUntilTheNextReconciliation() {
        String tag = Sim.unique("downgrant");
        String a = Sim.user(tag + "-a@acme.test", "Ann", "A");
        String b = Sim.user(tag + "-b@acme.test", "Bob", "B");
        Setup s = setup(tag, a);

        Sim.addMember(s.group(), b);
        Sim.fault(Map.of("type", "UNAVAILABLE", "count", 50));
        push(s.account(), s.token(), b);
        Sim.clearFaults();
        assertEquals(List.of(a), keys(s.account()), "granted without JumpCloud");

        // the reconciliation is authoritative: b is granted now
        JsonPath run = sync(s.account());
        assertEquals(1, run.getInt("granted"), run.prettify());
        assertEquals(List.of(a, b).stream().sorted().toList(), keys(s.account()));
    }

    /**
     * In JumpCloud a leaves the group, b is suspended and c deleted, and each change is pushed: a and b deactivated,
     * c deleted ({@code deleteC}) or deactivated.
     */
    private static void takeAway(Setup s, String a, String b, String c, boolean deleteC) {
        Sim.removeMember(s.group(), a);
        scim(s, "PATCH", "/Users/" + s.scimIds().get(a), DEACTIVATE, 200);
        Sim.patchUser(b, Map.of("suspended", true));
        scim(s, "PATCH", "/Users/" + s.scimIds().get(b), DEACTIVATE, 200);
        Sim.deleteUser(c);
        if (deleteC) {
            scim(s, "DELETE", "/Users/" + s.scimIds().get(c), null, 204);
        } else {
            scim(s, "PATCH", "/Users/" + s.scimIds().get(c), DEACTIVATE, 200);
        }
    }

    private double confirmations(String change, String outcome) {
        Counter c = meters.find("gatehouse.directory.scim.confirmations")
                .tags("change", change, "outcome", outcome)
                .counter();
        return c == null ? 0 : c.count();
    }

    /** The run applied, granted nobody and revoked {@code revoked} members. */
    private static void assertNoAccessChange(JsonPath run, int revoked) {
        assertEquals("APPLIED", run.getString("status"), run.prettify());
        assertEquals(0, run.getInt("granted"), run.prettify());
        assertEquals(revoked, run.getInt("revoked"), run.prettify());
    }

    private static void scim(Setup s, String method, String path, String body, int status) {
        var req = RestAssured.given()
                .header("Authorization", "Bearer " + s.token())
                .contentType("application/scim+json");
        if (body != null) {
            req = req.body(body);
        }
        req.request(method, "/scim/v2/" + s.account() + path).then().statusCode(status);
    }

    private List<String> keys(String account) {
        return snapshot.list(account).stream()
                .map(MemberState::externalId)
                .sorted()
                .toList();
    }

    private static List<MemberRevoked> revocations(String account, int atLeast) {
        List<GatehouseEvent> events = Events.matching(account, MemberRevoked.class::isInstance, atLeast);
        return events.stream()
                .filter(MemberRevoked.class::isInstance)
                .map(MemberRevoked.class::cast)
                .toList();
    }
}
