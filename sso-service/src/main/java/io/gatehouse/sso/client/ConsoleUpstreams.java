package io.gatehouse.sso.client;

import io.gatehouse.platform.PlatformConfig;
import io.gatehouse.platform.auth.Caller;
import io.gatehouse.sso.config.SsoConfig;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The console API proxy's outbound side: one shared JDK {@link HttpClient} that forwards a call to user-service,
 * directory-service or this service's own admin API with an account JWT of the session minted for that upstream's
 * audience alone. Only method, path, query,
 * {@code Content-Type}/{@code Accept} and the body travel; the answer comes back as status, type and bytes.
 */
@ApplicationScoped
public class ConsoleUpstreams {
    private static final Logger LOG = Logger.getLogger(ConsoleUpstreams.class);

    /** The services the console reaches. */
    public enum Upstream {
        USERS,
        DIRECTORY,
        SSO
    }

    /** What the upstream answered. */
    public record Answer(int status, String contentType, byte[] body) {}

    /** The upstream could not be reached or did not answer in time; {@code timeout} tells which. */
    public static final class UnavailableException extends RuntimeException {
        private final boolean timeout;

        UnavailableException(String message, boolean timeout) {
            super(message);
            this.timeout = timeout;
        }

        public boolean timeout() {
            return timeout;
        }
    }

    private final SsoConfig config;
    private final PlatformConfig platform;
    private final HttpClient http;

    public ConsoleUpstreams(SsoConfig config, PlatformConfig platform) {
        this.config = config;
        this.platform = platform;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Sends {@code method /api/<path>?<rawQuery>} to the upstream. {@code path} and {@code rawQuery} are already
     * checked and still URL-encoded.
     */
    public Answer send(
            Upstream upstream,
            String method,
            String path,
            String rawQuery,
            String contentType,
            byte[] body,
            String bearer) {
        String target =
                base(upstream) + "/api/" + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
        HttpRequest.BodyPublisher publisher = body == null || body.length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
                .timeout(config.upstreamTimeout())
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json, application/problem+json")
                .method(method, publisher);
        if (contentType != null && body != null && body.length > 0) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (HttpTimeoutException e) {
            LOG.warnf("console upstream %s timed out (%s %s)", upstream, method, path);
            throw new UnavailableException(upstream + " did not answer in time", true);
        } catch (IOException e) {
            LOG.warnf("console upstream %s unreachable (%s %s): %s", upstream, method, path, e.toString());
            throw new UnavailableException(upstream + " is unreachable", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted", false);
        }
    }

    /** The audience of a token for this upstream: only that service accepts it. */
    public String audience(Upstream upstream) {
        return switch (upstream) {
            case USERS -> config.jwt().audiences().users();
            case DIRECTORY -> config.jwt().audiences().directory();
            case SSO -> Caller.audience(platform);
        };
    }

    String base(Upstream upstream) {
        String url = switch (upstream) {
            case USERS -> config.userServiceUrl();
            case DIRECTORY -> config.directoryServiceUrl();
            case SSO -> config.selfUrl().orElseGet(ConsoleUpstreams::loopback);
        };
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** This process on the loopback interface (in tests, the random test port it was given). */
    static String loopback() {
        var cfg = ConfigProvider.getConfig();
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        Optional<Integer> port = cfg.getOptionalValue(key, Integer.class);
        return "http://127.0.0.1:" + port.orElse(8081);
    }
}
