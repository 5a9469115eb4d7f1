package io.gatehouse.directory;

import static io.gatehouse.directory.ReconciliationTest.assertCounts;
import static io.gatehouse.directory.ReconciliationTest.connection;
import static io.gatehouse.directory.ReconciliationTest.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.directory.domain.MemberSnapshotStore;
import io.gatehouse.directory.domain.MemberState;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.testsupport.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The member identity rule (ADR 0012) against the simulator: members pushed by SCIM with and without
 * {@code externalId} are matched to JumpCloud's API members by JumpCloud id and by email (case-insensitive); a
 * reconciliation never revokes a SCIM-only key it cannot resolve, and re-keys the ones it can.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "directory"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(SimulatorResource.class)
class MemberIdentityTest {

    @Inject
    MemberSnapshotStore snapshot;

    @Test
    void scimWithAndWithoutExternalIdThenReconciliationThenScimAgainRevokesAndDuplicatesNobody() {
        String tag = Sim.unique("ident");
        String account = Api.newAccount("ident");
        Map<String, Object> conn = connection("pending", Map.of(tag + " Admins", "ADMIN"), 1.0, 1000);
        Api.putConnection(account, conn);
        String token = Api.operator()
                .post("/api/accounts/{id}/directory/scim-token", account)
                .then()
                .extract()
                .path("token");
        String scimBase = "http://localhost:" + RestAssured.port + "/scim/v2/" + account;
        // this JumpCloud app pushes users WITHOUT externalId
        String app = Sim.app(tag, Map.of("baseUrl", scimBase, "token", token, "sendExternalId", false));
        conn.put("applicationId", app);
        Api.putConnection(account, conn);

        String a = Sim.user(tag + "-a@acme.test", "Ann", "A");
        String b = Sim.user(tag + "-b@acme.test", "Bob", "B");
        String c = Sim.user(tag + "-C.Upper@ACME.test", "Cy", "C");
        // pushed before the binding by another SCIM client: b with its JumpCloud id (not granted: JumpCloud's API
        // does not bind b yet, ADR 0014; the push after the binding grants b), c without and in lower case
        scimPost(
                account,
                token,
                "{\"userName\":\"" + tag + "-b@acme.test\",\"externalId\":\"" + b
                        + "\",\"name\":{\"givenName\":\"Bob\",\"familyName\":\"B\"},\"active\":true}");
        scimPost(
                account,
                token,
                "{\"userName\":\"" + (tag + "-C.Upper@ACME.test").toLowerCase()
                        + "\",\"name\":{\"givenName\":\"Cy\",\"familyName\":\"C\"},\"active\":true}");
        String admins = Sim.group(tag + " Admins", a, b, c);
        Sim.bind(app, admins);
        Sim.drainScim();
        assertEquals(3, snapshot.count(account), "SCIM push did not arrive: " + keys(account));
        assertEquals(
                2,
                keys(account).stream().filter(k -> k.startsWith("scim:")).count(),
                keys(account).toString());

        // the reconciliation matches the SCIM-only keys by email: re-keyed (an update each, which also carries c's
        // email as JumpCloud spells it), nobody revoked, nobody granted twice
        JsonPath run = sync(account);
        assertCounts(run, "APPLIED", 0, 2, 0, 1);
        assertEquals(0, run.getInt("unresolved"));
        assertEquals(List.of(a, b, c).stream().sorted().toList(), keys(account));
        assertEquals(Map.of(a, "ADMIN", b, "ADMIN", c, "ADMIN"), roles(account));

        // SCIM again (a change of name and of groups, still without externalId): the same members, no new keys
        Sim.patchUser(a, Map.of("firstname", "Anna"));
        String team = Sim.group(tag + " Team", c);
        Sim.bind(app, team);
        Sim.drainScim();
        assertEquals(List.of(a, b, c).stream().sorted().toList(), keys(account));
        assertEquals(
                "Anna",
                snapshot.list(account).stream()
                        .filter(m -> m.externalId().equals(a))
                        .findFirst()
                        .orElseThrow()
                        .firstName());
        String dry = Api.operator()
                .post("/api/accounts/{id}/directory/sync?wait=true&dryRun=true", account)
                .then()
                .statusCode(200)
                .extract()
                .path("syncId");
        assertEquals(
                List.of(),
                Api.operator()
                        .get("/api/accounts/{id}/directory/syncs/{s}", account, dry)
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("plannedChanges"),
                "SCIM and the API disagree");
        assertCounts(sync(account), "APPLIED", 0, 0, 0, 3);

        List<GatehouseEvent> events = Events.of(account, 0);
        assertTrue(events.stream().noneMatch(MemberRevoked.class::isInstance), "revoked someone: " + events);
    }

    @Test
    void scimOnlyMemberNobodyInJumpCloudMatchesIsReportedNotRevoked() {
        String tag = Sim.unique("unres");
        String account = Api.newAccount("unres");
        String app = Sim.app(tag, null);
        String a = Sim.user(tag + "-a@acme.test", "Ann", "A");
        Sim.bind(app, Sim.group(tag + " Team", a));
        Api.putConnection(account, connection(app, Map.of(), 1.0, 1000));
        String token = Api.operator()
                .post("/api/accounts/{id}/directory/scim-token", account)
                .then()
                .extract()
                .path("token");
        scimPost(account, token, "{\"userName\":\"" + tag + "-ghost@acme.test\",\"active\":true}");
        assertEquals(1, snapshot.count(account));

        JsonPath run = sync(account);
        assertCounts(run, "APPLIED", 1, 0, 0, 0);
        assertEquals(1, run.getInt("unresolved"));
        JsonPath detail = Api.operator()
                .get("/api/accounts/{id}/directory/syncs/{s}", account, run.getString("syncId"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(tag + "-ghost@acme.test"), detail.getList("unresolvedMembers.email"));
        assertEquals(2, snapshot.count(account), keys(account).toString());
        assertTrue(Events.of(account, 0).stream().noneMatch(MemberRevoked.class::isInstance));
    }

    private static void scimPost(String account, String token, String body) {
        RestAssured.given()
                .header("Authorization", "Bearer " + token)
                .contentType("application/scim+json")
                .body(body)
                .post("/scim/v2/" + account + "/Users")
                .then()
                .statusCode(201);
    }

    private List<String> keys(String account) {
        return snapshot.list(account).stream()
                .map(MemberState::externalId)
                .sorted()
                .toList();
    }

    private Map<String, String> roles(String account) {
        return snapshot.list(account).stream()
                .collect(Collectors.toMap(MemberState::externalId, m -> m.role().name()));
    }
}
