package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 point 9 under churn: while group membership changes flow from JumpCloud (the simulator's SCIM push, and
 * polls every few seconds), directory-service, user-service and sso-service are each killed with SIGKILL and
 * restarted in turn; the pushes lost while directory-service is down are replayed by the simulator, as JumpCloud
 * does, with the old states they carried. Afterwards nothing was lost and access did not flap: everyone's access equals JumpCloud's
 * final membership; nobody changed access more often than their membership really changed (a revoke and re-grant
 * without a membership change is a flap); the people never touched were never revoked; another poll and a quiet
 * wait change nothing; and every current member signs in within 10 s.
 *
 * <p>The simulator is not killed: it plays JumpCloud, whose state outlives any outage of Gatehouse (its memory is
 * the test's ground truth). The broker and PostgreSQL are the hardening suite's FaultToleranceTest.
 */
class ScimChurnFaultTest {
    static final String ACCOUNT = "scimchurn";
    static final String DOMAIN = "scimchurn.test";
    static final Duration CONVERGE = Duration.ofSeconds(60);
    static final List<String> STABLE = List.of("s0", "s1");
    static final List<String> CHURNERS = List.of("c0", "c1", "c2", "c3", "c4", "c5");

    static Stack stack;
    static Flows flows;

    @BeforeAll
    static void startStack() {
        stack = Stack.get();
        flows = new Flows(stack);
    }

    @Test
    void killingEveryServiceDuringChurnLosesNothingAndFlipsNobody() throws Exception {
        List<String> people = new ArrayList<>(STABLE);
        people.addAll(CHURNERS);
        Flows.Account account = flows.ssoAccount(ACCOUNT, DOMAIN, people);
        Flows.ScimDirectory scim = flows.scimDirectory(account, true);
        JsonPath first = flows.sync(scim.directoryBase());
        assertEquals(0, first.getInt("revoked"), first.prettify());
        for (String person : people) {
            Flows.await(person + " active", CONVERGE, () -> "ACTIVE".equals(status(person)));
        }

        // the ground truth: JumpCloud's membership and each person's real changes (the simulator applies them)
        Map<String, Boolean> member = new ConcurrentHashMap<>();
        Map<String, Integer> realChanges = new ConcurrentHashMap<>();
        people.forEach(p -> {
            member.put(p, true);
            realChanges.put(p, 0);
        });
        AtomicBoolean churning = new AtomicBoolean(true);
        Random random = new Random(16);
        Thread churn = new Thread(
                () -> {
                    while (churning.get()) {
                        String person = CHURNERS.get(random.nextInt(CHURNERS.size()));
                        String path = "/sim/groups/" + account.groupId() + "/members/"
                                + account.simUserIds().get(person);
                        boolean in = member.get(person);
                        if ((in ? flows.sim().delete(path) : flows.sim().put(path)).statusCode() == 204) {
                            member.put(person, !in);
                            realChanges.merge(person, 1, Integer::sum);
                        }
                        Stack.sleep(400);
                    }
                },
                "churn");
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = new Thread(
                () -> {
                    while (polling.get()) {
                        try {
                            flows.operator().post(scim.directoryBase() + "/sync?wait=true");
                        } catch (RuntimeException e) {
                            // directory-service is down: the next poll comes after the restart
                        }
                        Stack.sleep(3000);
                    }
                },
                "poller");
        churn.start();
        poller.start();

        for (Stack.Service service : List.of(stack.directory(), stack.users(), stack.sso())) {
            Stack.sleep(2000);
            service.kill();
            Stack.sleep(3000);
            service.start();
        }
        Stack.sleep(2000);
        churning.set(false);
        churn.join();
        polling.set(false);
        poller.join();
        flows.sim().post("/sim/scim/drain").then().statusCode(200);

        // converged: access equals JumpCloud's final membership
        JsonPath last = flows.sync(scim.directoryBase());
        assertEquals("APPLIED", last.getString("status"), last.prettify());
        for (String person : people) {
            String expected = member.get(person) ? "ACTIVE" : "REVOKED";
            Flows.await(person + " " + expected, CONVERGE, () -> expected.equals(status(person)));
        }
        Map<String, Integer> changes = accessChanges(people);

        // quiet: another poll and a wait change nothing
        JsonPath quiet = flows.sync(scim.directoryBase());
        assertEquals(0, quiet.getInt("granted") + quiet.getInt("revoked"), quiet.prettify());
        Stack.sleep(5000);
        assertEquals(changes, accessChanges(people), "access changed after the last real change");

        Map<String, String> report = new LinkedHashMap<>();
        people.forEach(p -> report.put(p, "real " + realChanges.get(p) + ", access " + changes.get(p)));
        assertTrue(CHURNERS.stream().mapToInt(realChanges::get).sum() >= 20, "churn happened: " + report);
        for (String person : people) {
            assertTrue(changes.get(person) <= realChanges.get(person), person + " flapped: " + report);
            assertEquals(member.get(person) ? "ACTIVE" : "REVOKED", status(person), person + ": " + report);
        }
        for (String person : STABLE) {
            Map<String, Object> u = flows.userByEmail(ACCOUNT, email(person));
            assertNull(u.get("statusChangedAt"), person + " was never touched, yet: " + u);
        }

        // every current member signs in within 10 s
        for (String person : people) {
            if (member.get(person)) {
                Flows.await(
                        person + " signs in",
                        Duration.ofSeconds(10),
                        () -> flows.spInitiated(email(person)).statusCode() == 303);
            }
        }
    }

    private static String email(String person) {
        return person + "@" + DOMAIN;
    }

    private static String status(String person) {
        Map<String, Object> u = flows.userByEmail(ACCOUNT, email(person));
        return u == null ? null : String.valueOf(u.get("status"));
    }

    /** Per person, how often user-service changed their access: revocations plus restorations in the audit trail. */
    private static Map<String, Integer> accessChanges(List<String> people) {
        Map<String, String> personById = new HashMap<>();
        for (String person : people) {
            personById.put(
                    String.valueOf(flows.userByEmail(ACCOUNT, email(person)).get("id")), person);
        }
        Map<String, Integer> changes = new java.util.TreeMap<>();
        people.forEach(p -> changes.put(p, 0));
        for (String type : List.of("USER_REVOKED", "USER_RESTORED")) {
            Response page = flows.operator()
                    .queryParam("type", type)
                    .queryParam("size", 200)
                    .get(stack.users().url() + "/api/accounts/" + ACCOUNT + "/audit");
            assertEquals(200, page.statusCode(), page.asString());
            List<Map<String, Object>> items = page.jsonPath().getList("items");
            assertTrue(page.jsonPath().getLong("total") <= 200, "one page holds them all");
            Set<String> events = new TreeSet<>();
            for (Map<String, Object> item : items) {
                String person = personById.get(String.valueOf(item.get("userId")));
                assertTrue(
                        events.add(String.valueOf(item.get("eventId"))) || item.get("eventId") == null,
                        "an event audited twice: " + item);
                if (person != null) {
                    changes.merge(person, 1, Integer::sum);
                }
            }
        }
        return changes;
    }
}
