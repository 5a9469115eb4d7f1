package io.gatehouse.directory;

import static io.gatehouse.directory.ReconciliationTest.assertCounts;
import static io.gatehouse.directory.ReconciliationTest.sync;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.directory.domain.MemberSnapshotStore;
import io.gatehouse.events.GatehouseEvent;
import io.gatehouse.events.MemberGranted;
import io.gatehouse.events.MemberRevoked;
import io.gatehouse.events.MemberUpdated;
import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.testsupport.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JumpCloud's Test Connection against the real SCIM endpoint (the simulator plays JumpCloud): its test user, made
 * with the Test User Email Gatehouse gives, and its test group leave no member, no role and no event behind; the
 * connection records when JumpCloud tested it. A real member pushed next to it is granted as usual.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "directory"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(SimulatorResource.class)
class ScimTestConnectionTest {

    @Inject
    MemberSnapshotStore snapshot;

    @Test
    void testConnectionLeavesNoMemberNoEventAndIsShownWithItsTime() {
        String tag = Sim.unique("scimtest");
        String account = Api.newAccount("scimtest");
        // the admin typed the address in another letter case; JumpCloud sends externalId (a 24-hex id of nobody)
        ReconciliationTest.ScimConnected scim = ReconciliationTest.scimConnected(
                tag, account, Map.of("testUserEmail", "JumpCloud-Test@Gatehouse.invalid"));
        String app = scim.app();
        String token = scim.token();
        JsonPath before = Api.operator()
                .get("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(200)
                .body("scimTestUserEmail", equalTo("jumpcloud-test@gatehouse.invalid"))
                .extract()
                .jsonPath();
        assertNull(before.getString("scimTestedAt"), "not tested yet");

        Instant started = Instant.now();
        JsonPath test = Sim.testConnection(app);
        assertTrue(test.getBoolean("ok"), test.prettify());
        assertEquals(List.of("GET", "POST", "POST", "DELETE", "DELETE"), test.getList("requests.method"));
        assertEquals(0, snapshot.count(account), "the test user never became a member");

        // a real member pushed afterwards is granted as usual; every event of the account is about them
        String ada = Sim.user(tag + "-ada@acme.test", "Ada", "Lovelace");
        Sim.bind(app, Sim.group(tag + " Admins", ada));
        Sim.drainScim();
        List<GatehouseEvent> granted = Events.matching(account, e -> e instanceof MemberGranted, 1);
        assertEquals(ada, ((MemberGranted) granted.get(0)).externalId());
        List<GatehouseEvent> all = Events.of(account, 0);
        assertTrue(all.stream().allMatch(e -> ada.equals(externalId(e))), "no event for the test user: " + all);
        assertEquals(1, all.stream().filter(MemberGranted.class::isInstance).count(), all.toString());
        assertEquals(1, snapshot.count(account));

        // the SCIM side is as JumpCloud left it: both deleted
        RestAssured.given()
                .header("Authorization", "Bearer " + token)
                .basePath("/scim/v2/" + account)
                .queryParam("filter", "userName eq \"jumpcloud-test@gatehouse.invalid\"")
                .get("/Users")
                .then()
                .statusCode(200)
                .body("totalResults", equalTo(0));
        RestAssured.given()
                .header("Authorization", "Bearer " + token)
                .basePath("/scim/v2/" + account)
                .queryParam("filter", "displayName eq \"JumpCloud Test Group\"")
                .get("/Groups")
                .then()
                .statusCode(200)
                .body("totalResults", equalTo(0));

        // the connection shows when JumpCloud tested it
        String testedAt = Api.operator()
                .get("/api/accounts/{id}/directory", account)
                .then()
                .statusCode(200)
                .extract()
                .path("scimTestedAt");
        assertFalse(Instant.parse(testedAt).isBefore(started.minusSeconds(1)), testedAt);

        // and a reconciliation has nothing about it either
        assertCounts(sync(account), "APPLIED", 0, 0, 0, 1);
    }

    private static String externalId(GatehouseEvent e) {
        if (e instanceof MemberGranted g) {
            return g.externalId();
        }
        if (e instanceof MemberUpdated u) {
            return u.externalId();
        }
        return e instanceof MemberRevoked r ? r.externalId() : null;
    }
}
