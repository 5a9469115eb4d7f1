package io.gatehouse.directory.client;

import io.gatehouse.directory.config.DirectoryConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens {@link JumpCloudSession}s over one shared JDK {@link HttpClient}. The base URL, API key and org id differ per
 * account, so a per-call session is simpler than a statically configured REST client interface. The sessions share
 * one small pool for the pages they read ahead, which bounds the concurrent requests to JumpCloud across all syncs.
 */
@ApplicationScoped
public class JumpCloudClientFactory {
    /** Requests in flight for read-ahead pages, over all syncs of this replica. */
    static final int PAGE_THREADS = 4;

    private final HttpClient http;
    private final DirectoryConfig.JumpCloudHttp config;
    private final Clock clock;
    private final ExecutorService pages;

    public JumpCloudClientFactory(DirectoryConfig config, Clock clock) {
        this.config = config.http();
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(this.config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        AtomicInteger n = new AtomicInteger();
        this.pages = Executors.newFixedThreadPool(PAGE_THREADS, r -> {
            Thread t = new Thread(r, "jumpcloud-pages-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void close() {
        pages.shutdownNow();
    }

    public JumpCloudSession open(String apiBaseUrl, String apiKey, String orgId) {
        return new JumpCloudSession(http, config, clock, pages, apiBaseUrl, apiKey, orgId);
    }

    /**
     * A session for a few look-ups made while a caller waits (a SCIM push): at most {@value #LOOKUP_ATTEMPTS}
     * attempts per request, each within {@code min(request-timeout, }{@value #LOOKUP_TIMEOUT_SECONDS}{@code s)}, and
     * no {@code Retry-After} longer than one second, so an unreachable JumpCloud answers within seconds.
     */
    public JumpCloudSession openForLookup(String apiBaseUrl, String apiKey, String orgId) {
        return new JumpCloudSession(http, new LookupHttp(config), clock, pages, apiBaseUrl, apiKey, orgId);
    }

    static final int LOOKUP_ATTEMPTS = 2;
    static final int LOOKUP_TIMEOUT_SECONDS = 5;

    private record LookupHttp(DirectoryConfig.JumpCloudHttp base) implements DirectoryConfig.JumpCloudHttp {
        @Override
        public Duration connectTimeout() {
            return min(base.connectTimeout(), Duration.ofSeconds(LOOKUP_TIMEOUT_SECONDS));
        }

        @Override
        public Duration requestTimeout() {
            return min(base.requestTimeout(), Duration.ofSeconds(LOOKUP_TIMEOUT_SECONDS));
        }

        @Override
        public int maxAttempts() {
            return Math.min(base.maxAttempts(), LOOKUP_ATTEMPTS);
        }

        @Override
        public Duration initialBackoff() {
            return base.initialBackoff();
        }

        @Override
        public Duration maxBackoff() {
            return min(base.maxBackoff(), Duration.ofSeconds(1));
        }

        @Override
        public Duration maxRetryAfter() {
            return min(base.maxRetryAfter(), Duration.ofSeconds(1));
        }

        private static Duration min(Duration a, Duration b) {
            return a.compareTo(b) <= 0 ? a : b;
        }
    }
}
