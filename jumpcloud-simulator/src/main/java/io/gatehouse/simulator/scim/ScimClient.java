package io.gatehouse.simulator.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.simulator.config.SimulatorConfig;
import io.gatehouse.simulator.domain.AppSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Sends one SCIM request with JumpCloud's headers ({@code Authorization: Bearer}, {@code application/scim+json}),
 * retrying with back-off on 5xx, 408, 429 and I/O errors, and records every attempt in the {@link ScimLog}.
 */
@ApplicationScoped
public class ScimClient {

    private static final Logger LOG = Logger.getLogger(ScimClient.class);
    static final String SCIM_JSON = "application/scim+json";
    private static final long MAX_BACKOFF_MILLIS = 5000;

    /** The final answer: status 0 when none came; body null when empty or not JSON. */
    record Result(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final ScimLog log;
    private final SimulatorConfig config;

    public ScimClient(ObjectMapper mapper, ScimLog log, SimulatorConfig config) {
        this.mapper = mapper;
        this.log = log;
        this.config = config;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    Result send(String appId, AppSettings.ScimSettings target, String method, String path, String query, JsonNode body)
            throws InterruptedException {
        String base = target.baseUrl().endsWith("/")
                ? target.baseUrl().substring(0, target.baseUrl().length() - 1)
                : target.baseUrl();
        String uri = base + path + (query == null ? "" : "?" + encodeQuery(query));
        int attempts = Math.max(1, config.scim().maxAttempts());
        long backoff = config.scim().initialBackoffMillis();
        Result result = new Result(0, null);
        for (int attempt = 1; attempt <= attempts; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
                    .timeout(Duration.ofMillis(config.scim().requestTimeoutMillis()))
                    .header("Authorization", "Bearer " + target.token())
                    .header("Accept", SCIM_JSON)
                    .header("User-Agent", "JumpCloud-SCIM-Simulator");
            if (body != null) {
                request.header("Content-Type", SCIM_JSON)
                        .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            String retryAfter = null;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                result = new Result(response.statusCode(), parse(response.body()));
                retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            } catch (IOException e) {
                result = new Result(0, null);
                LOG.debugf("SCIM %s %s failed: %s", method, path, e.getClass().getSimpleName());
            }
            log.record(appId, method, path, query, body, result.status(), attempt);
            if (!retryable(result.status()) || attempt == attempts) {
                break;
            }
            Thread.sleep(Math.min(MAX_BACKOFF_MILLIS, retryAfterMillis(retryAfter, backoff)));
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
        if (!result.ok()) {
            LOG.warnf("SCIM %s %s for app %s ended with status %d", method, path, appId, result.status());
        }
        return result;
    }

    private static boolean retryable(int status) {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }

    private static long retryAfterMillis(String retryAfter, long fallback) {
        if (retryAfter != null) {
            try {
                return Long.parseLong(retryAfter.trim()) * 1000;
            } catch (NumberFormatException ignored) {
                // an HTTP date: use the back-off
            }
        }
        return fallback;
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String encodeQuery(String query) {
        StringBuilder out = new StringBuilder();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (out.length() > 0) {
                out.append('&');
            }
            if (eq < 0) {
                out.append(URLEncoder.encode(pair, StandardCharsets.UTF_8));
            } else {
                out.append(URLEncoder.encode(pair.substring(0, eq), StandardCharsets.UTF_8))
                        .append('=')
                        .append(URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8)
                                .replace("+", "%20"));
            }
        }
        return out.toString();
    }
}
