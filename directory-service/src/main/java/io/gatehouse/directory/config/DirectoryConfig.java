package io.gatehouse.directory.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Typed configuration of directory-service ({@code gatehouse.directory.*}). */
@ConfigMapping(prefix = "gatehouse.directory")
public interface DirectoryConfig {

    /**
     * Base64 of the 256-bit AES key that encrypts stored JumpCloud API keys (AES-GCM). Comes from the environment
     * ({@code GATEHOUSE_DIRECTORY_ENCRYPTION_KEY}) or a Kubernetes Secret, never from a committed file.
     */
    String encryptionKey();

    /** Public base URL of this service, used to build the SCIM base URL handed to JumpCloud. */
    @WithDefault("http://localhost:8083")
    String publicBaseUrl();

    /** Changes applied per database transaction (each transaction holds the snapshot rows and their events). */
    @WithDefault("1000")
    int applyChunkSize();

    /** Syncs started from the API that may run at once in this replica (each holds a database connection). */
    @WithDefault("4")
    int syncThreads();

    JumpCloudHttp http();

    JumpCloudHosts jumpcloud();

    Scheduler scheduler();

    Scim scim();

    /** The SCIM endpoint JumpCloud's Identity Management pushes to. */
    interface Scim {
        /**
         * The address admins enter as JumpCloud's "Test User Email". Test Connection creates its test user with it and
         * deletes it again; a SCIM user with this address is stored as SCIM requires but never becomes a member
         * (no access, no role, no event), and only marks the connection as tested. The reserved {@code .invalid}
         * domain (RFC 2606) can never be a real person's address.
         */
        @WithDefault("jumpcloud-test@gatehouse.invalid")
        String testUserEmail();
    }

    /** Outbound calls to the JumpCloud API. */
    interface JumpCloudHttp {
        /** Connect timeout. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Time allowed for one request, headers and body. */
        @WithDefault("20s")
        Duration requestTimeout();

        /** Attempts per request (first try included) on 429, 502, 503, 504, timeouts and connection errors. */
        @WithDefault("5")
        int maxAttempts();

        /** First back-off delay; doubled per attempt, with jitter. */
        @WithDefault("250ms")
        Duration initialBackoff();

        /** Upper bound of one back-off delay. */
        @WithDefault("10s")
        Duration maxBackoff();

        /** Upper bound honoured for a server's {@code Retry-After}; longer answers fail the run instead. */
        @WithDefault("30s")
        Duration maxRetryAfter();
    }

    /**
     * Where an account's JumpCloud API key may be sent. The account API only picks among these hosts: an
     * {@code apiBaseUrl} off the list is refused on save, and a stored one that left the list is never called.
     * Entries are base URLs ({@code scheme://host[:port][/path]}); a trailing {@code /} or {@code /api} is ignored.
     */
    interface JumpCloudHosts {
        /** HTTPS base URLs of the JumpCloud API (US and EU by default). Every entry must be https. */
        @WithDefault("https://console.jumpcloud.com,https://console.eu.jumpcloud.com")
        List<String> allowedBaseUrls();

        /**
         * Extra base URLs on a loopback host ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}), which may be
         * plain http: the local stack's and the tests' JumpCloud simulator. Empty in production; an entry on any
         * other host fails the start.
         */
        Optional<List<String>> loopbackBaseUrls();
    }

    /** The scheduler tick that starts due syncs. */
    interface Scheduler {
        @WithDefault("true")
        boolean enabled();

        /** How often due accounts are looked for ({@code @Scheduled(every=…)} syntax). */
        @WithDefault("10s")
        String tick();
    }
}
