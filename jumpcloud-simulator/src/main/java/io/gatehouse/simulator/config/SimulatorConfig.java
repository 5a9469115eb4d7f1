package io.gatehouse.simulator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Typed configuration of the simulator ({@code simulator.*}). */
@ConfigMapping(prefix = "simulator")
public interface SimulatorConfig {

    /** The key the API subset accepts in {@code x-api-key}. */
    @WithDefault("sim-api-key")
    String apiKey();

    /** The organisation id reported by {@code GET /sim/org} and in user records. */
    @WithDefault("5f0c0ffee0c0ffee0c0ffee0")
    String orgId();

    /** Base URL under which the simulator is reachable (SSO URLs, metadata). */
    String publicUrl();

    /** Seed file on disk; when absent the classpath {@code seed/demo-org.json} is used. "none" disables seeding. */
    Optional<String> seedFile();

    Dns dns();

    Demo demo();

    Scim scim();

    interface Dns {
        /** UDP and TCP port of the DNS server; 0 picks a free port. */
        @WithDefault("8053")
        int port();

        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("true")
        boolean enabled();
    }

    interface Demo {
        /** Base URL of the service provider (sso-service) the demo app points at. */
        @WithDefault("http://localhost:8081")
        String spBaseUrl();

        /** The Gatehouse account id used in the demo app's SP Entity ID and ACS URL. */
        @WithDefault("demo")
        String accountId();
    }

    interface Scim {
        /** Attempts per SCIM request (first try included) on 5xx, 408, 429 or I/O errors. */
        @WithDefault("4")
        int maxAttempts();

        /** First back-off; doubled on each retry (a Retry-After header wins, capped at 5 s). */
        @WithDefault("200")
        long initialBackoffMillis();

        @WithDefault("10000")
        long requestTimeoutMillis();
    }
}
