package io.gatehouse.directory.client;

import io.gatehouse.directory.config.DirectoryConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.http.HttpClient;
import java.time.Clock;

/**
 * Opens {@link JumpCloudSession}s over one shared JDK {@link HttpClient}. The base URL, API key and org id differ per
 * account, so a per-call session is simpler than a statically configured REST client interface.
 */
@ApplicationScoped
public class JumpCloudClientFactory {
    private final HttpClient http;
    private final DirectoryConfig.JumpCloudHttp config;
    private final Clock clock;

    public JumpCloudClientFactory(DirectoryConfig config, Clock clock) {
        this.config = config.http();
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(this.config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public JumpCloudSession open(String apiBaseUrl, String apiKey, String orgId) {
        return new JumpCloudSession(http, config, clock, apiBaseUrl, apiKey, orgId);
    }
}
