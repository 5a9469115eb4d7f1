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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 point 9 under churn: while group membership changes flow from JumpCloud (the simulator's SCIM push, and
 * polls every few seconds), directory-service, user-service and sso-service are each killed with SIGKILL and
 * restarted in turn; the pushes lost while directory-service is down are replayed by the simulator, as JumpCloud
 * does, with the old states they carried. Afterwards nothing was lost: everyone's access equals JumpCloud's final
 * membership; nobody changed access more often than their membership really changed; the people never touched were
 * never revoked.
 *
 * <p>Then the strict part: the last real changes happen while directory-service and sso-service are down (one person
 * leaves and comes back, one joins and leaves, one leaves, one joins), so every push JumpCloud replays afterwards is
 * older than the truth. From there on each person's access in user-service changes exactly as often as their net
 * membership change (one convergence step or none): a grant/revoke pair after the last real change is a flap, and
 * would come from a replayed {@code active=false} applied without confirmation (the one who came back) or a replayed
 * {@code active=true} (the one who joined and left). Another poll and a quiet wait change nothing; the restored
 * joiner signs in within 10 s of user-service restoring them (sso-service freshly restarted), and every member does.
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
        drain();

        // converged: access equals JumpCloud's final membership
        JsonPath last = flows.sync(scim.directoryBase());
        assertEquals("APPLIED", last.getString("status"), last.prettify());
        awaitAccessAsInJumpCloud(people, member);
        Map<String, Integer> changes = accessChanges(people);
        Map<String, String> report = new LinkedHashMap<>();
        people.forEach(p -> report.put(p, "real " + realChanges.get(p) + ", access " + changes.get(p)));
        assertTrue(CHURNERS.stream().mapToInt(realChanges::get).sum() >= 20, "churn happened: " + report);
        for (String person : people) {
            assertTrue(changes.get(person) <= realChanges.get(person), person + " flapped: " + report);
        }
        for (String person : STABLE) {
            Map<String, Object> u = flows.userByEmail(ACCOUNT, email(person));
            assertNull(u.get("statusChangedAt"), person + " was never touched, yet: " + u);
        }

        // the last real changes, while directory-service and sso-service are down. From a known start where access
        // agrees with JumpCloud: c0 (in) leaves and comes back, c1 (in) leaves, c2 (out) joins and leaves, c3 (out)
        // joins. JumpCloud queues the pushes it cannot deliver and replays them after the restart.
        Map<String, Boolean> start = Map.of("c0", true, "c1", true, "c2", false, "c3", false);
        start.forEach((person, in) -> {
            if (member.get(person) != in) {
                setMember(account, person, in);
                member.put(person, in);
            }
        });
        drain();
        awaitAccessAsInJumpCloud(people, member);
        Map<String, Integer> before = accessChanges(people);
        stack.directory().kill();
        stack.sso().kill();
        for (Map.Entry<String, Boolean> change : List.of(
                Map.entry("c0", false),
                Map.entry("c2", true),
                Map.entry("c1", false),
                Map.entry("c3", true),
                Map.entry("c0", true),
                Map.entry("c2", false))) {
            setMember(account, change.getKey(), change.getValue());
            member.put(change.getKey(), change.getValue());
        }
        drain(); // every push of the outage has failed and is queued
        stack.sso().start();
        stack.directory().start();
        // JumpCloud replays what it queued before the push of its next change (one that no app's membership sees)
        flows.createSimUser("bystander@" + DOMAIN, "By", "Stander");
        drain();

        // c3 is restored: sso-service (just restarted) lets them in within 10 s of user-service restoring them
        Flows.await("c3 restored", CONVERGE, () -> "ACTIVE".equals(status("c3")));
        Flows.await(
                "c3 signs in",
                Duration.ofSeconds(10),
                () -> flows.spInitiated(email("c3")).statusCode() == 303);
        polling.set(false);
        poller.join();
        JsonPath after = flows.sync(scim.directoryBase());
        assertEquals("APPLIED", after.getString("status"), after.prettify());
        awaitAccessAsInJumpCloud(people, member);
        Map<String, Integer> expected = new TreeMap<>();
        people.forEach(p -> expected.put(p, p.equals("c1") || p.equals("c3") ? 1 : 0));
        assertEquals(expected, since(before, accessChanges(people)), "access changes after the last real change");

        // quiet: another poll and a wait change nothing
        Map<String, Integer> settled = accessChanges(people);
        JsonPath quiet = flows.sync(scim.directoryBase());
        assertEquals(0, quiet.getInt("granted") + quiet.getInt("revoked"), quiet.prettify());
        Stack.sleep(5000);
        assertEquals(settled, accessChanges(people), "access changed after the last real change");

        // every current member signs in within 10 s
        for (String person : people) {
            assertEquals(member.get(person) ? "ACTIVE" : "REVOKED", status(person), person);
            if (member.get(person)) {
                Flows.await(
                        person + " signs in",
                        Duration.ofSeconds(10),
                        () -> flows.spInitiated(email(person)).statusCode() == 303);
            }
        }
    }

    /** A real change in JumpCloud: the person joins or leaves the app's group. */
    private static void setMember(Flows.Account account, String person, boolean in) {
        String path = "/sim/groups/" + account.groupId() + "/members/"
                + account.simUserIds().get(person);
        Response r = in ? flows.sim().put(path) : flows.sim().delete(path);
        assertEquals(204, r.statusCode(), person + " " + (in ? "joins" : "leaves") + ": " + r.asString());
    }

    /** Waits until the simulator has pushed (or, the target being down, queued) every change made so far. */
    private static void drain() {
        Flows.await(
                "SCIM pushes drained",
                CONVERGE,
                () -> flows.sim()
                        .post("/sim/scim/drain")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<Boolean>path("idle"));
    }

    private static void awaitAccessAsInJumpCloud(List<String> people, Map<String, Boolean> member) {
        for (String person : people) {
            String expected = member.get(person) ? "ACTIVE" : "REVOKED";
            Flows.await(person + " " + expected, CONVERGE, () -> expected.equals(status(person)));
        }
    }

    private static Map<String, Integer> since(Map<String, Integer> before, Map<String, Integer> now) {
        Map<String, Integer> out = new TreeMap<>();
        now.forEach((person, n) -> out.put(person, n - before.getOrDefault(person, 0)));
        return out;
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
        Map<String, Integer> changes = new TreeMap<>();
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
