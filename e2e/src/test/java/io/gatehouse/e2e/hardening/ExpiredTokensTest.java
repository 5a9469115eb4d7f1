package io.gatehouse.e2e.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Genuine account JWTs past their {@code exp} (the admin's token minted at set-up, and the token of the admin who was
 * revoked since): refused everywhere with 401. Runs late in {@link HardeningSuiteTest}, so the tokens have usually
 * expired already; otherwise it waits for expiry plus the verifiers' 30 s clock skew.
 */
abstract class ExpiredTokensTest {
    @Test
    void expiredAndRevokedTokensAreRefusedByEveryService() {
        World w = World.get();
        World.Tenant a = w.a;
        Instant expiry = Jwts.expiry(a.adminJwt).isAfter(Jwts.expiry(a.revokedJwt))
                ? Jwts.expiry(a.adminJwt)
                : Jwts.expiry(a.revokedJwt);
        Instant usable = expiry.plusSeconds(35);
        World.await(
                "the set-up tokens expire",
                Duration.ofMinutes(11),
                () -> Instant.now().isAfter(usable));
        String[][] targets = {
            {"user-service GET /api/accounts/{A}/users", a.usersApi() + "/users"},
            {"sso-service GET /api/accounts/{A}/sso", a.ssoApi() + "/sso"},
            {"directory-service GET /api/accounts/{A}/directory", a.dirApi()},
            {"sso-service GET /api/session", w.sso + "/api/session"}
        };
        for (String[] target : targets) {
            for (String[] token : new String[][] {
                {"expired JWT of the admin of A", a.adminJwt}, {"expired JWT of the revoked admin of A", a.revokedJwt}
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
