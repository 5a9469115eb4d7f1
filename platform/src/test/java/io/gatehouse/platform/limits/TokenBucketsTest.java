package io.gatehouse.platform.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The limiter on a hand-moved clock: bursts, refill, Retry-After, per-account isolation, eviction, defaults. */
class TokenBucketsTest {
    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-05T09:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final MovingClock clock = new MovingClock();

    private TokenBuckets buckets(int perAddress, int perAccount, long maxKeys) {
        Map<EndpointClass, Limit> limits = new EnumMap<>(EndpointClass.class);
        for (EndpointClass e : EndpointClass.values()) {
            limits.put(e, new Limit(perAddress, perAccount, Duration.ofMinutes(1)));
        }
        return new TokenBuckets(limits, maxKeys, clock);
    }

    @Test
    void tryAcquireWhenAddressBurstSpentThenRefusedWithRetryAfterUntilRefilled() {
        TokenBuckets b = buckets(10, 1000, 100);
        for (int i = 0; i < 10; i++) {
            assertTrue(b.tryAcquire(EndpointClass.ACS, "192.0.2.1", "acme").allowed(), "request " + i);
        }
        TokenBuckets.Decision refused = b.tryAcquire(EndpointClass.ACS, "192.0.2.1", "acme");
        assertFalse(refused.allowed());
        assertEquals("address", refused.exceeded());
        assertEquals(6, refused.retryAfterSeconds()); // 10 per minute: one token every 6 s
        assertTrue(b.tryAcquire(EndpointClass.ACS, "192.0.2.2", "acme").allowed(), "another address is not affected");
        clock.advance(Duration.ofSeconds(6));
        assertTrue(b.tryAcquire(EndpointClass.ACS, "192.0.2.1", "acme").allowed(), "one token back after 6 s");
        assertFalse(b.tryAcquire(EndpointClass.ACS, "192.0.2.1", "acme").allowed());
    }

    @Test
    void tryAcquireWhenAccountBurstSpentThenOnlyThatAccountRefused() {
        TokenBuckets b = buckets(1000, 5, 100);
        for (int i = 0; i < 5; i++) {
            assertTrue(
                    b.tryAcquire(EndpointClass.ACS, "198.51.100." + i, "victim").allowed());
        }
        TokenBuckets.Decision refused = b.tryAcquire(EndpointClass.ACS, "198.51.100.99", "victim");
        assertFalse(refused.allowed());
        assertEquals("account", refused.exceeded());
        assertEquals(12, refused.retryAfterSeconds());
        assertTrue(b.tryAcquire(EndpointClass.ACS, "198.51.100.99", "other").allowed(), "account B unaffected");
        assertTrue(b.tryAcquire(EndpointClass.SCIM, "198.51.100.99", "victim").allowed(), "classes are separate");
        assertFalse(b.tryAcquireAccount(EndpointClass.ACS, "victim").allowed());
    }

    @Test
    void tryAcquireWhenManyAddressesThenMemoryBoundedAndIdleBucketsEvicted() {
        TokenBuckets b = buckets(3, 3, 50);
        for (int i = 0; i < 1000; i++) {
            b.tryAcquire(EndpointClass.LOGIN, "10.0." + (i / 250) + "." + (i % 250), null);
        }
        assertTrue(b.size() <= 50, "at most maxKeys buckets: " + b.size());
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertEquals(0, b.size(), "idle for a window: evicted (they were full again anyway)");
    }

    @Test
    void tryAcquireWithConfiguredDefaultsWhenOfficeSignsInBehindOneNatThenNothingThrottled() {
        AbuseLimitsConfig defaults = new SmallRyeConfigBuilder()
                .withMapping(AbuseLimitsConfig.class)
                .build()
                .getConfigMapping(AbuseLimitsConfig.class);
        Map<EndpointClass, Limit> limits = new EnumMap<>(EndpointClass.class);
        for (EndpointClass e : EndpointClass.values()) {
            limits.put(e, Limit.of(defaults, e));
        }
        TokenBuckets b = new TokenBuckets(limits, defaults.maxKeys(), clock);
        assertEquals(0, defaults.trustedProxyHops(), "X-Forwarded-For is ignored unless the operator trusts a proxy");
        // 2,000 people behind one NAT address of one company, all within one minute: login start, ACS, then the
        // console pages of the few admins among them
        for (int i = 0; i < 2000; i++) {
            clock.advance(Duration.ofMillis(30));
            assertTrue(b.tryAcquire(EndpointClass.LOGIN, "203.0.113.7", null).allowed(), "login " + i);
            assertTrue(b.tryAcquireAccount(EndpointClass.LOGIN, "acme.example").allowed(), "login account " + i);
            assertTrue(b.tryAcquire(EndpointClass.ACS, "203.0.113.7", "acme").allowed(), "acs " + i);
        }
        for (int i = 0; i < 300; i++) {
            assertTrue(
                    b.tryAcquire(EndpointClass.CONSOLE_API, "203.0.113.7", "acme")
                            .allowed(),
                    "console " + i);
        }
    }

    @Test
    void classifyWhenPathsThenClassAndAccount() {
        assertEquals(new EndpointClass.Match(EndpointClass.LOGIN, null), EndpointClass.classify("POST", "/sso/login"));
        assertNull(EndpointClass.classify("GET", "/sso/login"), "the form page itself is not limited");
        assertEquals(
                new EndpointClass.Match(EndpointClass.ACS, "acme"), EndpointClass.classify("POST", "/saml/acme/acs"));
        assertNull(EndpointClass.classify("GET", "/saml/acme/metadata"));
        assertEquals(
                new EndpointClass.Match(EndpointClass.CONSOLE_API, "acme"),
                EndpointClass.classify("GET", "/console/api/users/accounts/acme/users"));
        assertEquals(
                new EndpointClass.Match(EndpointClass.SCIM, "acme"),
                EndpointClass.classify("GET", "/scim/v2/acme/Users"));
        assertEquals(
                new EndpointClass.Match(EndpointClass.ADMIN_API, "acme"),
                EndpointClass.classify("PUT", "/api/accounts/acme/sso"));
        assertEquals(
                new EndpointClass.Match(EndpointClass.ADMIN_API, null),
                EndpointClass.classify("POST", "/api/jwt/keys/rotate"));
        assertNull(EndpointClass.classify("GET", "/q/health/ready"));
        assertEquals(
                100,
                EndpointClass.classify("POST", "/saml/" + "a".repeat(5000) + "/acs")
                        .account()
                        .length());
    }

    @Test
    void clientAddressWhenNoTrustedProxyThenPeerAndHeaderIgnored() {
        assertEquals("192.0.2.9", ClientAddress.of("192.0.2.9", List.of("203.0.113.1"), 0));
        assertEquals(
                "203.0.113.1",
                ClientAddress.of("192.0.2.9", List.of("6.6.6.6, 203.0.113.1"), 1),
                "one trusted hop: the address that proxy saw, not what the client wrote to the left");
        assertEquals("6.6.6.6", ClientAddress.of("192.0.2.9", List.of("6.6.6.6", "203.0.113.1"), 2));
        assertEquals("192.0.2.9", ClientAddress.of("192.0.2.9", List.of(), 1));
        assertEquals("2001:0db8:0001:0002::/64", ClientAddress.of("2001:db8:1:2:aaaa::1", List.of(), 0));
        assertEquals("2001:0db8:0001:0002::/64", ClientAddress.of("[2001:db8:1:2:bbbb::7]", List.of(), 0));
    }
}
