package io.gatehouse.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Configuration shared by every service. */
@ConfigMapping(prefix = "gatehouse")
public interface PlatformConfig {
    /** The service name: CloudEvents source {@code /gatehouse/<name>} and consumer group prefix. */
    @WithDefault("gatehouse")
    String serviceName();

    /** The platform operator's bearer token. Absent: no operator access. */
    Optional<String> operatorToken();

    Auth auth();

    Outbox outbox();

    Consumer consumer();

    interface Auth {
        /** JWKS of sso-service, for account JWTs. */
        @WithDefault("http://localhost:8081/.well-known/jwks.json")
        String jwksUrl();

        @WithDefault("gatehouse")
        String issuer();

        /**
         * The audience ({@code aud}) an account JWT must name to be accepted here; absent: the service name. One
         * audience per service, so a token minted for one service is refused by the others (ADR 0003).
         */
        Optional<String> audience();

        /**
         * How far past its {@code exp} (and before its {@code nbf}) an account JWT is still accepted, for clocks that
         * differ between sso-service and this service.
         */
        @WithDefault("PT30S")
        Duration clockSkew();

        Revocation revocation();
    }

    /**
     * Refusal of account JWTs of revoked users (any {@code iat}, until a later restore) and of JWTs issued before
     * their user's last role change or restore (see {@code RevokedTokens}).
     */
    interface Revocation {
        @WithDefault("true")
        boolean enabled();

        /**
         * How far back the revocation feed is read at start-up: longer than any account JWT lives (10 min) plus the
         * worst lag of sso-service's own user consumer, after which it mints nothing for a revoked user.
         */
        @WithDefault("PT1H")
        Duration lookback();

        /** How often the feed compares its position with the topic's end offsets (the readiness check). */
        @WithDefault("PT5S")
        Duration readinessInterval();
    }

    interface Outbox {
        @WithDefault("true")
        boolean enabled();

        /**
         * How long the relay sleeps when it found nothing to send (it is also woken by each commit of this
         * replica that wrote outbox rows); each further empty poll doubles the sleep up to {@link #idlePollMax()}.
         */
        @WithDefault("200ms")
        Duration pollInterval();

        /**
         * The longest sleep of an idle relay (ADR 0021): only rows that no commit of this replica woke it for
         * (another replica's, left when that one stopped) wait for it, at most this long.
         */
        @WithDefault("10s")
        Duration idlePollMax();

        /**
         * While there is something to send, the relay starts a pass at most this often, each pass sending every row
         * committed since the last one (ADR 0030): fewer, larger transactions and produce requests under load, for
         * at most this much added delay. The first row after a quiet spell is sent at once. Zero: a pass right
         * after the other.
         */
        @WithDefault("20ms")
        Duration batchInterval();

        @WithDefault("500")
        int batchSize();

        /** Sent rows older than this are deleted. */
        @WithDefault("P1D")
        Duration retention();
    }

    /**
     * The event handlers' consumers. Everything Kafka about them (topic, group, batch size, session timeout, dead-letter
     * topic) is channel configuration: {@code mp.messaging.incoming.<name>.*} over the platform's defaults in its
     * {@code META-INF/microprofile-config.properties}.
     */
    interface Consumer {
        /** Attempts per record, once its batch failed, before it is dead-lettered. */
        @WithDefault("3")
        int maxAttempts();
    }
}
