package io.gatehouse.e2e.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.Stack;
import io.gatehouse.localstack.GatehouseStack;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Genuine account JWTs past their {@code exp} (the admin's token, accepted by every service while it lived, and the
 * token of the admin who was revoked since): refused everywhere with 401. On a stack of its own whose JWTs live
 * {@link #TTL} and whose verifiers allow {@link #SKEW} of clock skew ({@code gatehouse.sso.jwt.ttl},
 * {@code gatehouse.auth.clock-skew}), so expiry comes within seconds instead of the default 5 min + 30 s.
 */
abstract class ExpiredTokensTest {
    static final Duration TTL = Duration.ofSeconds(10);
    static final Duration SKEW = Duration.ofSeconds(2);

    @Test
    void expiredAndRevokedTokensAreRefusedByEveryService() {
        try (Stack stack = Stack.own("expiry", o -> {
            o.set(GatehouseStack.SSO, "gatehouse.sso.jwt.ttl", TTL.toString());
            o.set("gatehouse.auth.clock-skew", SKEW.toString());
        })) {
            expiredTokensAreRefused(World.tenantA(stack));
        }
    }

    private static void expiredTokensAreRefused(World w) {
        World.Tenant a = w.a;
        String[][] targets = {
            {"user-service GET /api/accounts/{A}/users", a.usersApi() + "/users"},
            {"sso-service GET /api/accounts/{A}/sso", a.ssoApi() + "/sso"},
            {"directory-service GET /api/accounts/{A}/directory", a.dirApi()},
            {"sso-service GET /api/session", w.sso + "/api/session"}
        };
        // the admin's token works everywhere while it lives, so a 401 later is its expiry
        String adminJwt = a.freshAdminJwt();
        assertTrue(Jwts.expiry(adminJwt).isBefore(Instant.now().plus(TTL).plusSeconds(1)), "the stack's short TTL");
        for (String[] target : targets) {
            Http.Resp r = Http.get(target[1]).bearer(adminJwt).send();
            assertEquals(200, r.status(), () -> target[0] + " before expiry: " + r);
        }

        Instant expiry = Jwts.expiry(adminJwt).isAfter(Jwts.expiry(a.revokedJwt))
                ? Jwts.expiry(adminJwt)
                : Jwts.expiry(a.revokedJwt);
        Instant usable = expiry.plus(SKEW).plusSeconds(2);
        World.await(
                "the tokens expire",
                TTL.plus(SKEW).plusSeconds(30),
                () -> Instant.now().isAfter(usable));
        for (String[] target : targets) {
            for (String[] token : new String[][] {
                {"expired JWT of the admin of A", adminJwt}, {"expired JWT of the revoked admin of A", a.revokedJwt}
            }) {
                Http.Resp r = Http.get(target[1]).bearer(token[1]).send();
                boolean pass = r.status() == 401 && r.problemJson() && "unauthorized".equals(r.code());
                AuthorizationMatrixTest.RESULTS.record(
                        AuthorizationMatrixTest.AREA_TOKENS,
                        target[0] + ": " + token[0],
                        "401 unauthorized",
                        r.status() + " " + r.code(),
                        pass);
                assertEquals(401, r.status(), r::toString);
                assertTrue(r.problemJson());
                assertEquals("unauthorized", r.code());
            }
        }
    }
}
