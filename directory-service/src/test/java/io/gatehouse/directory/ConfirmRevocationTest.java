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
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A SCIM push that takes access away is confirmed against JumpCloud's API before it applies, where an API key is
 * configured (ADR 0014): a replayed {@code active=false} for someone JumpCloud still lists as
 * an active member of a bound group changes nothing; a real removal revokes with the API's reason; while the API is
 * down the revocation is held and the next reconciliation applies it.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "directory"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(SimulatorResource.class)
class ConfirmRevocationTest {
    private static final String DEACTIVATE = """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"replace","path":"active","value":false}]}""";

    @Inject
    MemberSnapshotStore snapshot;

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
            io.restassured.path.json.JsonPath u =
                    Sim.req().get("/sim/users/" + id).then().extract().jsonPath();
            scimIds.put(
                    id,
                    RestAssured.given()
                            .header("Authorization", "Bearer " + token)
                            .contentType("application/scim+json")
                            .body(Map.of(
                                    "userName",
                                    u.getString("email"),
                                    "externalId",
                                    id,
                                    "active",
                                    true,
                                    "name",
                                    Map.of(
                                            "givenName",
                                            u.getString("firstname"),
                                            "familyName",
                                            u.getString("lastname"))))
                            .post("/scim/v2/" + account + "/Users")
                            .then()
                            .statusCode(201)
                            .extract()
                            .path("id"));
        }
        assertEquals(userIds.length, snapshot.count(account), keys(account).toString());
        return new Setup(account, token, group, scimIds);
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

        Sim.removeMember(s.group(), a);
        scim(s, "PATCH", "/Users/" + s.scimIds().get(a), DEACTIVATE, 200);
        Sim.patchUser(b, Map.of("suspended", true));
        scim(s, "PATCH", "/Users/" + s.scimIds().get(b), DEACTIVATE, 200);
        Sim.deleteUser(c);
        scim(s, "DELETE", "/Users/" + s.scimIds().get(c), null, 204);

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

    /** The run applied, granted nobody and revoked {@code revoked} members. */
    private static void assertNoAccessChange(io.restassured.path.json.JsonPath run, int revoked) {
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
