package io.gatehouse.directory;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.testsupport.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The directory page's group picker: the groups bound to the account's JumpCloud application, read from the API. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "directory"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(SimulatorResource.class)
class ApplicationGroupsTest {

    @Test
    void groupsListsTheGroupsBoundToTheApplicationWithTheirNames() {
        String tag = Sim.unique("groups");
        String app = Sim.app(tag, null);
        String admins = Sim.group(tag + " Admins");
        String agents = Sim.group(tag + " Agents");
        Sim.group(tag + " Unbound");
        Sim.bind(app, admins);
        Sim.bind(app, agents);
        String account = Api.newAccount("groups");
        Api.putConnection(account, ReconciliationTest.connection(app, Map.of(), 1.0, 1000));

        Api.operator()
                .get("/api/accounts/{id}/directory/groups", account)
                .then()
                .statusCode(200)
                .body("name", containsInAnyOrder(tag + " Admins", tag + " Agents"))
                .body("id", containsInAnyOrder(admins, agents));
    }

    @Test
    void groupsWhenJumpCloudFailsOrNoConnectionThenAClearProblem() {
        Api.operator()
                .get("/api/accounts/{id}/directory/groups", Api.newAccount("nogroups"))
                .then()
                .statusCode(404)
                .body("code", equalTo("directory_not_found"));

        String tag = Sim.unique("groups-down");
        String app = Sim.app(tag, null);
        String account = Api.newAccount("groupsdown");
        Api.putConnection(account, ReconciliationTest.connection(app, Map.of(), 1.0, 1000));
        Sim.fault(Map.of("type", "UNAVAILABLE", "count", 20, "pathPrefix", "/api/v2/applications"));
        try {
            Api.operator()
                    .get("/api/accounts/{id}/directory/groups", account)
                    .then()
                    .statusCode(502)
                    .contentType("application/problem+json")
                    .body("code", equalTo("jumpcloud_unavailable"));
        } finally {
            Sim.clearFaults();
        }
    }
}
