package io.gatehouse.platform.auth;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the revocation feed has not read up to the end offsets it saw at start-up or at its last check:
 * until then this replica could honour the token of a user revoked moments ago.
 */
@Readiness
@ApplicationScoped
public class RevocationFeedReadiness implements HealthCheck {
    private final RevokedTokens feed;

    public RevocationFeedReadiness(RevokedTokens feed) {
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("revocation-feed")
                .status(feed.ready())
                .withData("caughtUp", feed.caughtUp())
                .build();
    }
}
