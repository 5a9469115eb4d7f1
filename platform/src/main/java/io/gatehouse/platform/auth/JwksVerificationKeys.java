package io.gatehouse.platform.auth;

import io.gatehouse.platform.PlatformConfig;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/** Verification keys fetched (and cached, refreshed on an unknown kid) from the configured JWKS URL. */
@ApplicationScoped
@DefaultBean
public class JwksVerificationKeys implements VerificationKeys {
    private final HttpsJwksVerificationKeyResolver resolver;

    public JwksVerificationKeys(PlatformConfig config) {
        HttpsJwks jwks = new HttpsJwks(config.auth().jwksUrl());
        jwks.setDefaultCacheDuration(300);
        jwks.setRefreshReprieveThreshold(1000);
        this.resolver = new HttpsJwksVerificationKeyResolver(jwks);
    }

    @Override
    public VerificationKeyResolver resolver() {
        return resolver;
    }
}
