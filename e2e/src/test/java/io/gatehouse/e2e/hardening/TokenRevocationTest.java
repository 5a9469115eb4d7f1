package io.gatehouse.e2e.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Tokens fit their holder's access and their use, on the running stack (issue 15, points 3 and 8):
 * <ul>
 *   <li>a revoked user has no working token anywhere: JWTs minted in a loop from their session before, during and
 *       after the revocation (while directory-service is killed and restarted) are all refused by user-service,
 *       directory-service and sso-service, the console API refuses the session, and sso-service stops minting;
 *       after a restore and a new sign-in, fresh tokens work and the old ones stay refused;</li>
 *   <li>a token minted for one service's audience is refused by the others;</li>
 *   <li>a token issued before its user's demotion is refused everywhere.</li>
 * </ul>
 */
abstract class TokenRevocationTest {
    static final String AREA = AuthorizationMatrixTest.AREA_TOKENS;

    World w;
    World.Tenant a;

    /** The three services' token-protected reads of account A (ADMIN endpoints). */
    List<String[]> targets() {
        return List.of(
                new String[] {"user-service GET /api/accounts/{A}/users", a.usersApi() + "/users"},
                new String[] {"directory-service GET /api/accounts/{A}/directory", a.dirApi()},
                new String[] {"sso-service GET /api/accounts/{A}/sso", a.ssoApi() + "/sso"});
    }

    /** A new person of account A, signed in and made ADMIN; returns {userId, cookie}. */
    String[] newAdmin(String name) {
        String email = name + "-" + World.random(3) + "@" + a.domain;
        a.simUser(email, true);
        String cookie = w.login(a, email);
        String userId = w.awaitUserId(cookie);
        w.promote(a, userId, cookie);
        return new String[] {userId, cookie, email};
    }

    static Http.Resp mint(World w, String cookie, String audience) {
        Http.Resp r = Http.post(w.sso + "/api/session/token" + (audience == null ? "" : "?audience=" + audience))
                .header("Cookie", "GH_SESSION=" + cookie)
                .send();
        if (r.status() == 200) {
            World.secret("JWT", r.json().get("token").asText());
        }
        return r;
    }

    static String token(Http.Resp minted) {
        assertEquals(200, minted.status(), minted::toString);
        return minted.json().get("token").asText();
    }

    static Http.Resp console(World w, String cookie, String path) {
        return Http.get(w.sso + "/console/api/" + path)
                .header("Cookie", "GH_SESSION=" + cookie)
                .header("X-Gatehouse-Console", "1")
                .send();
    }

    @Test
    void aRevokedUserHasNoWorkingTokenAnywhereUntilRestored() throws Exception {
        w = World.get();
        a = w.a;
        Stack stack = w.stack;
        String[] user = newAdmin("revocable");
        String userId = user[0];
        String cookie = user[1];
        assertEquals(
                200, console(w, cookie, "users/accounts/" + a.id + "/users").status(), "console works before");

        ConcurrentLinkedQueue<String> minted = new ConcurrentLinkedQueue<>();
        AtomicInteger mintedAfterRevoke = new AtomicInteger();
        AtomicBoolean revokeSent = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Thread loop = new Thread(
                () -> {
                    String[] audiences = {null, "user-service", "directory-service", "sso-service"};
                    int i = 0;
                    while (!stop.get()) {
                        try {
                            Http.Resp r = mint(w, cookie, audiences[i++ % audiences.length]);
                            if (r.status() == 200) {
                                minted.add(r.json().get("token").asText());
                                if (revokeSent.get()) {
                                    mintedAfterRevoke.incrementAndGet();
                                }
                            }
                        } catch (RuntimeException e) {
                            // sso-service busy: keep minting
                        }
                    }
                },
                "mint-loop");
        loop.start();
        World.await("tokens minted before the revocation", () -> minted.size() >= 8);

        revokeSent.set(true);
        World.expect(
                Http.post(a.usersApi() + "/users/" + userId + "/revoke")
                        .bearer(w.op)
                        .send(),
                200,
                "revoke");
        // directory-service crashes and comes back while the revocation spreads and the loop keeps minting
        Stack.Service restarted = stack.directory();
        restarted.kill();
        World.await(
                "sso-service stops minting for the revoked user",
                () -> mint(w, cookie, null).status() == 401);
        restarted.start(); // returns once /q/health/ready is UP: its revocation feed has caught up
        // its first JWKS fetch may still be under way: wait until it verifies a legitimate token
        World.await(
                "the restarted directory-service takes the admin of A's token",
                () -> Http.get(a.dirApi()).bearer(a.freshAdminJwt()).send().status() == 200);
        stop.set(true);
        loop.join(30_000);

        List<String> tokens = new ArrayList<>(minted);
        assertTrue(tokens.size() >= 8, "minted " + tokens.size());
        int refusedEverywhere = 0;
        for (String t : tokens) {
            boolean all = true;
            String aud = Jwts.claims(t).path("aud").toString();
            for (String[] target : targets()) {
                Http.Resp r = Http.get(target[1]).bearer(t).send();
                // a service named in the token's aud refuses it as revoked; the others do not take it at all
                String code = aud.contains("\"" + target[0].substring(0, target[0].indexOf(' ')) + "\"")
                        ? "token_revoked"
                        : "unauthorized";
                all &= r.status() == 401 && code.equals(r.code());
                assertEquals(401, r.status(), () -> target[0] + " took a revoked user's token: " + r);
                assertEquals(code, r.code(), () -> target[0] + " (aud " + aud + "): " + r);
            }
            if (all) {
                refusedEverywhere++;
            }
        }
        Http.Resp viaConsole = console(w, cookie, "users/accounts/" + a.id + "/users");
        Http.Resp mintAfter = mint(w, cookie, null);
        boolean pass = refusedEverywhere == tokens.size() && viaConsole.status() == 401 && mintAfter.status() == 401;
        AuthorizationMatrixTest.RESULTS.record(
                AREA,
                "JWTs minted in a loop for a user being revoked (" + tokens.size()
                        + ", " + mintedAfterRevoke.get() + " after the revoke call), directory-service restarted "
                        + "meanwhile; then user-service, directory-service, sso-service, console API, minting",
                "every token 401 on every service (token_revoked where its aud names the service); console 401; "
                        + "no token minted",
                refusedEverywhere + "/" + tokens.size() + " refused everywhere; console " + viaConsole.status()
                        + "; mint " + mintAfter.status(),
                pass);
        assertEquals(401, viaConsole.status(), viaConsole::toString);
        assertEquals(401, mintAfter.status(), mintAfter::toString);

        // restored: a new sign-in gives working tokens; the old ones stay refused
        World.expect(
                Http.post(a.usersApi() + "/users/" + userId + "/restore")
                        .bearer(w.op)
                        .send(),
                200,
                "restore");
        String[] fresh = new String[1];
        World.await("a restored user signs in again", Duration.ofSeconds(90), () -> {
            String c = w.login(a, user[2]);
            Http.Resp r = mint(w, c, null);
            if (r.status() != 200) {
                return false;
            }
            fresh[0] = r.json().get("token").asText();
            return targets().stream()
                    .allMatch(t -> Http.get(t[1]).bearer(fresh[0]).send().status() == 200);
        });
        for (String[] target : targets()) {
            Http.Resp old = Http.get(target[1]).bearer(tokens.get(0)).send();
            assertEquals(401, old.status(), () -> target[0] + " took a pre-revocation token after the restore: " + old);
        }
        AuthorizationMatrixTest.RESULTS.record(
                AREA,
                "the same user after a restore and a new sign-in",
                "fresh JWT works on every service; pre-revocation JWTs still 401",
                "as expected",
                true);
    }

    @Test
    void aTokenForOneServicesAudienceIsRefusedByTheOthers() {
        w = World.get();
        a = w.a;
        List<String[]> targets = targets();
        String[] audiences = {"user-service", "directory-service", "sso-service"};
        for (int i = 0; i < audiences.length; i++) {
            String audience = audiences[i];
            String token = token(mint(w, a.adminCookie, audience));
            for (int j = 0; j < targets.size(); j++) {
                String target = targets.get(j)[0];
                Http.Resp r = Http.get(targets.get(j)[1]).bearer(token).send();
                int want = i == j ? 200 : 401;
                AuthorizationMatrixTest.RESULTS.record(
                        AREA,
                        target + ": admin of A's JWT for audience " + audience,
                        want == 200 ? "authorized" : "401 unauthorized",
                        r.status() + (r.code() == null ? "" : " " + r.code()),
                        r.status() == want);
                assertEquals(want, r.status(), () -> target + " with aud " + audience + ": " + r);
                if (want == 401) {
                    assertEquals("unauthorized", r.code());
                }
            }
        }
        Http.Resp unknown = mint(w, a.adminCookie, "gatehouse-api");
        assertEquals(400, unknown.status(), unknown::toString);
        assertEquals("audience_unknown", unknown.code());
        // the console proxy mints one token per upstream, each for that upstream alone: all three still answer
        for (String path : List.of(
                "users/accounts/" + a.id + "/users",
                "directory/accounts/" + a.id + "/directory",
                "sso/accounts/" + a.id + "/sso")) {
            Http.Resp r = console(w, a.adminCookie, path);
            assertEquals(200, r.status(), () -> path + ": " + r);
        }
    }

    @Test
    void aTokenIssuedBeforeADemotionIsRefusedEverywhere() {
        w = World.get();
        a = w.a;
        String[] user = newAdmin("demoted");
        String before = token(mint(w, user[1], null));
        for (String[] target : targets()) {
            assertEquals(200, Http.get(target[1]).bearer(before).send().status(), target[0] + " before the demotion");
        }
        World.expect(
                Http.put(a.usersApi() + "/users/" + user[0] + "/role")
                        .bearer(w.op)
                        .json(Map.of("role", "AGENT"))
                        .send(),
                200,
                "demote to AGENT");
        for (String[] target : targets()) {
            World.await(
                    target[0] + " refuses the token issued before the demotion",
                    () -> Http.get(target[1]).bearer(before).send().status() == 401);
            Http.Resp r = Http.get(target[1]).bearer(before).send();
            assertEquals("token_stale", r.code(), r::toString);
            AuthorizationMatrixTest.RESULTS.record(
                    AREA,
                    target[0] + ": JWT issued before its ADMIN was demoted to AGENT",
                    "401 token_stale",
                    r.status() + " " + r.code(),
                    r.status() == 401 && "token_stale".equals(r.code()));
        }
        // a token minted after the demotion carries AGENT: a member endpoint takes it, an admin endpoint does not
        String[] after = new String[1];
        World.await("a token with the new role", () -> {
            Http.Resp r = mint(w, user[1], "user-service");
            after[0] = r.status() == 200 ? r.json().get("token").asText() : null;
            return after[0] != null
                    && "AGENT".equals(Jwts.claims(after[0]).path("role").asText());
        });
        World.await(
                "the new token works on a member endpoint",
                () -> Http.get(a.usersApi()).bearer(after[0]).send().status() == 200);
        assertEquals(
                403, Http.get(a.usersApi() + "/users").bearer(after[0]).send().status());
    }
}
