package io.gatehouse.directory;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.testsupport.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "Sync now" answers 202 with the run at once, and the run records its progress as it goes (issue 16 point 6): an
 * organisation large enough for many list pages, each page slowed down in the simulator, is watched while it runs.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "directory"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(SimulatorResource.class)
class SyncProgressTest {

    @AfterEach
    void clearFaults() {
        Sim.clearFaults();
    }

    @Test
    void syncNowAnswers202AtOnceAndTheRunRecordsItsProgressAsItGoes() throws InterruptedException {
        JsonPath run = startAndWatch("progress", false);
        assertEquals("APPLIED", run.getString("status"), run.prettify());
        assertEquals(1, run.getInt("granted"));
    }

    @Test
    void dryRunAnswers202AtOnceAndRecordsItsProgressToo() throws InterruptedException {
        JsonPath run = startAndWatch("dryprogress", true);
        assertEquals("DRY_RUN", run.getString("status"), run.prettify());
    }

    /**
     * Starts a sync (or dry run) of an organisation of 1,501 users whose listing JumpCloud answers slowly: 202 at once,
     * one run at a time, progress seen while it runs; returns the finished run.
     */
    private static JsonPath startAndWatch(String prefix, boolean dryRun) throws InterruptedException {
        String tag = Sim.unique(prefix);
        String app = Sim.app(tag, null);
        String group = Sim.group(tag + " Team", Sim.user(tag + "-a@acme.test", "A", "A"));
        Sim.bind(app, group);
        Sim.req()
                .body(Map.of("users", 1500, "emailPrefix", tag, "emailDomain", tag + ".test"))
                .post("/sim/generate")
                .then()
                .statusCode(201);
        String account = Api.newAccount(prefix);
        Api.putConnection(account, ReconciliationTest.connection(app, Map.of(), 1.0, 1000));
        Sim.fault(Map.of("type", "SLOW", "delayMillis", 400, "count", 40, "pathPrefix", "/api/systemusers"));

        long before = System.nanoTime();
        Response started = Api.operator().post("/api/accounts/{id}/directory/sync?dryRun=" + dryRun, account);
        long answeredMillis = (System.nanoTime() - before) / 1_000_000;
        started.then()
                .statusCode(202)
                .body("status", equalTo("RUNNING"))
                .header(
                        "Location",
                        endsWith("/api/accounts/" + account + "/directory/syncs/" + started.path("syncId")));
        String syncId = started.path("syncId");
        // one run per account at a time, also while it runs in the background
        Api.operator()
                .post("/api/accounts/{id}/directory/sync", account)
                .then()
                .statusCode(409)
                .body("code", equalTo("sync_in_progress"));

        JsonPath run = null;
        JsonPath midway = null;
        for (int i = 0; i < 600; i++) {
            run = Api.operator()
                    .get("/api/accounts/{id}/directory/syncs/{s}", account, syncId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (!"RUNNING".equals(run.getString("status"))) {
                break;
            }
            if (midway == null
                    && run.getInt("membersSeen") > 0
                    && run.get("membersTotal") != null
                    && run.getInt("membersSeen") < run.getInt("membersTotal")) {
                midway = run;
            }
            Thread.sleep(100);
        }
        assertTrue(midway != null, "the running run showed partial progress while it ran");
        assertTrue(midway.getInt("pagesRead") > 0, "pages read while running");
        assertNotEquals(null, midway.getString("progressAt"));

        assertEquals(run.getInt("membersTotal"), run.getInt("membersSeen"), "every organisation user compared");
        assertTrue(run.getInt("membersTotal") >= 1501, run.prettify());
        assertTrue(run.getInt("pagesRead") >= 16, "at least 16 user pages: " + run.getInt("pagesRead"));
        assertEquals(1, run.getInt("changesPlanned"));
        assertTrue(
                answeredMillis < run.getLong("durationMs"),
                "the start answered before the run ended (" + answeredMillis + " ms vs " + run.getLong("durationMs")
                        + " ms)");
        return run;
    }

    @Test
    void waitTrueAnswersWithTheFinishedRun() {
        String tag = Sim.unique("waited");
        String app = Sim.app(tag, null);
        Sim.bind(app, Sim.group(tag + " Team", Sim.user(tag + "-a@acme.test", "A", "A")));
        String account = Api.newAccount("waited");
        Api.putConnection(account, ReconciliationTest.connection(app, Map.of(), 1.0, 1000));
        Api.operator()
                .post("/api/accounts/{id}/directory/sync?wait=true&dryRun=true", account)
                .then()
                .statusCode(200)
                .body("status", equalTo("DRY_RUN"))
                .body("changesPlanned", equalTo(1));
        Api.operator()
                .post("/api/accounts/{id}/directory/sync?wait=maybe", account)
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_wait"));
    }
}
