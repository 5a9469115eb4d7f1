package io.gatehouse.platform.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Per client address and per account request limits of each endpoint class ({@code gatehouse.abuse-limits.*}).
 * Each limit is a token bucket of that many requests, refilled evenly over {@code window}: a burst of the whole
 * amount passes at once, then the sustained rate is the amount per window. The defaults are chosen so that no
 * legitimate burst is ever throttled (docs/adr, "abuse limits"): a whole office behind one NAT address signing in
 * at 9:00 is hundreds of logins a minute, far under the per-address default of 3,000.
 */
@ConfigMapping(prefix = "gatehouse.abuse-limits")
public interface AbuseLimitsConfig {
    /** Off: no request is ever throttled (the filter is not installed). */
    @WithDefault("true")
    boolean enabled();

    /**
     * How many reverse proxies in front of the service append to {@code X-Forwarded-For}. 0 (the default): the
     * client address is the TCP peer and the header is ignored (anyone can write it). n: the n-th address from the
     * right of the header is the client (what the outermost trusted proxy saw).
     */
    @WithDefault("0")
    int trustedProxyHops();

    /** At most this many buckets per kind of key (addresses, accounts); idle ones are evicted first. */
    @WithDefault("100000")
    long maxKeys();

    // one interface per class, alike but for their @WithDefault values (a shared interface would share defaults)
    Login login();

    Acs acs();

    ConsoleApi consoleApi();

    Scim scim();

    AdminApi adminApi();

    /** {@code POST /sso/login} (the account is the email's domain, checked once the form is read). */
    interface Login {
        @WithDefault("3000")
        int perAddress();

        @WithDefault("12000")
        int perAccount();

        @WithDefault("PT1M")
        Duration window();
    }

    /** {@code /saml/{account}/acs}. */
    interface Acs {
        @WithDefault("3000")
        int perAddress();

        @WithDefault("12000")
        int perAccount();

        @WithDefault("PT1M")
        Duration window();
    }

    /** {@code /console/api/{service}/accounts/{account}/…} (sso-service's console proxy). */
    interface ConsoleApi {
        @WithDefault("1200")
        int perAddress();

        @WithDefault("3000")
        int perAccount();

        @WithDefault("PT1M")
        Duration window();
    }

    /** {@code /scim/v2/{account}/…} (directory-service). */
    interface Scim {
        @WithDefault("6000")
        int perAddress();

        @WithDefault("6000")
        int perAccount();

        @WithDefault("PT1M")
        Duration window();
    }

    /**
     * {@code /api/…} of every service (operator and account admin APIs). The console proxy's calls reach
     * user-service, directory-service and sso-service's own API from sso-service's address, so the per-address
     * default is above what the console's per-address and per-account limits let through.
     */
    interface AdminApi {
        @WithDefault("6000")
        int perAddress();

        @WithDefault("6000")
        int perAccount();

        @WithDefault("PT1M")
        Duration window();
    }
}
