package io.gatehouse.sso.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** sso-service configuration ({@code gatehouse.sso.*}). */
@ConfigMapping(prefix = "gatehouse.sso")
public interface SsoConfig {
    /**
     * The public base URL of this service: the SP Entity ID ({@code <base>/saml/<account>/metadata}) and the ACS
     * URL ({@code <base>/saml/<account>/acs}) derive from it, never from request headers.
     */
    @WithDefault("http://localhost:8081")
    String publicBaseUrl();

    /** Hard cap on the base64 SAMLResponse, checked before decoding. */
    @WithDefault("49152")
    int maxSamlResponseLength();

    /** Maximum age of a Response / Assertion IssueInstant. */
    @WithDefault("PT5M")
    Duration maxAssertionAge();

    /** Lifetime of an AuthnRequest we send (single use). */
    @WithDefault("PT5M")
    Duration authnRequestTtl();

    /**
     * How long the ACS keeps an account's connection and parsed certificates in memory. A change saved through
     * this replica takes effect at once; a change made through another replica within this bound. Zero: no cache.
     */
    @WithDefault("PT5S")
    Duration connectionCacheTtl();

    /** Maximum size of an uploaded IdP metadata document. */
    @WithDefault("262144")
    int maxMetadataBytes();

    /** Base URL of user-service, the upstream of the console API proxy's {@code /console/api/users/…}. */
    @WithDefault("http://localhost:8082")
    String userServiceUrl();

    /** Base URL of directory-service, the upstream of {@code /console/api/directory/…}. */
    @WithDefault("http://localhost:8083")
    String directoryServiceUrl();

    /**
     * Base URL under which this service reaches its own admin API for {@code /console/api/sso/…}; by default the
     * loopback address and this process's HTTP port.
     */
    Optional<String> selfUrl();

    /** Deadline of one proxied console API call (headers and body). */
    @WithDefault("PT20S")
    Duration upstreamTimeout();

    Dns dns();

    Session session();

    Jwt jwt();

    interface Dns {
        /** host:port of the DNS server used for TXT verification (the simulator's server locally). */
        @WithDefault("127.0.0.1:8053")
        String resolver();

        @WithDefault("PT3S")
        Duration timeout();
    }

    interface Session {
        @WithDefault("GH_SESSION")
        String cookieName();

        @WithDefault("PT30M")
        Duration idleTimeout();

        @WithDefault("PT12H")
        Duration absoluteTimeout();
    }

    interface Jwt {
        /** Lifetime of an account JWT (at most 10 minutes). */
        @WithDefault("PT5M")
        Duration ttl();

        /** The audiences of the other services (each accepts only its own); this service's is platform's. */
        Audiences audiences();

        interface Audiences {
            /** user-service's {@code gatehouse.auth.audience}. */
            @WithDefault("user-service")
            String users();

            /** directory-service's {@code gatehouse.auth.audience}. */
            @WithDefault("directory-service")
            String directory();
        }

        /** Base64 AES key (16/24/32 bytes) encrypting the JWT private keys at rest. Provide it as a Secret. */
        Optional<String> keyEncryptionKey();

        /**
         * How long a retired key stays in the JWKS after it stopped signing. Never less than the longest token
         * lifetime (10 minutes) plus the key cache refresh and the verifiers' clock skew: {@code JwtKeys#retention()}.
         */
        @WithDefault("PT11M")
        Duration retiredKeyRetention();

        /** A signing key is replaced by a new one when it has signed this long. */
        @WithDefault("P30D")
        Duration rotationInterval();

        /**
         * A new key is published this long before it starts signing, so every replica and every verifier's JWKS
         * cache (HTTP max-age 60 s, replicas reload every 30 s) knows it before the first token carries its kid.
         */
        @WithDefault("PT2M")
        Duration activationDelay();

        /** How often each replica checks whether a rotation is due (and removes keys past their retention). */
        @WithDefault("60s")
        String rotationCheck();
    }
}
