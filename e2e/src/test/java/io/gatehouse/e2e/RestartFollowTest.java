package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 point 9, second half: after sso-service is killed (SIGKILL) and restarted, its view of a person follows
 * user-service's within seconds: a member restored in user-service right after the restart signs in within 10 s.
 */
class RestartFollowTest {
    static final String ACCOUNT = "restartfollow";
    static final String DOMAIN = "restartfollow.test";

    static Stack stack;
    static Flows flows;

    @BeforeAll
    static void startStack() {
        stack = Stack.get();
        flows = new Flows(stack);
    }

    @Test
    void aMemberRestoredAfterAnSsoServiceCrashSignsInWithinTenSeconds() {
        flows.ssoAccount(ACCOUNT, DOMAIN, List.of("pat"));
        String email = "pat@" + DOMAIN;
        Flows.await(
                "pat signs in",
                Duration.ofSeconds(60),
                () -> flows.spInitiated(email).statusCode() == 303);
        Map<String, Object> pat =
                Flows.await("pat in user-service", Duration.ofSeconds(60), () -> flows.userByEmail(ACCOUNT, email));
        String users = stack.users().url() + "/api/accounts/" + ACCOUNT + "/users/" + pat.get("id");
        flows.operator().post(users + "/revoke").then().statusCode(200);
        Flows.await(
                "pat refused",
                Duration.ofSeconds(60),
                () -> flows.spInitiated(email).statusCode() != 303);

        stack.sso().kill();
        stack.sso().start();

        long restored = System.nanoTime();
        flows.operator().post(users + "/restore").then().statusCode(200);
        Response in = Flows.await("pat signs in after the restore", Duration.ofSeconds(90), () -> {
            Response r = flows.spInitiated(email);
            return r.statusCode() == 303 ? r : null;
        });
        long ms = (System.nanoTime() - restored) / 1_000_000;
        assertTrue(ms <= 10_000, "pat signed in " + ms + " ms after the restore (status " + in.statusCode() + ")");
    }
}
