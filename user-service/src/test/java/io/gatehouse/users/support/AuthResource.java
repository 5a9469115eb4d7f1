package io.gatehouse.users.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;

/**
 * Stands in for sso-service's key endpoint: serves a JWKS over real HTTP on a free port (so the platform's JWKS
 * fetching runs as in production) and sets the operator token. The private key is handed to {@link Tokens}
 * through a system property, which works whatever class loader the test resource runs in.
 */
public class AuthResource implements QuarkusTestResourceLifecycleManager {
    static final String PRIVATE_JWK_PROPERTY = "usertest.private-jwk";
    public static final String OPERATOR_TOKEN = "test-operator-token-7f3a";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("user-service-test");
            key.setAlgorithm("RS256");
            key.setUse("sig");
            System.setProperty(PRIVATE_JWK_PROPERTY, key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            byte[] jwks = new JsonWebKeySet(key)
                    .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                    .getBytes(StandardCharsets.UTF_8);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(jwks);
                }
            });
            server.start();
            return Map.of(
                    "gatehouse.auth.jwks-url",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json",
                    "gatehouse.operator-token",
                    OPERATOR_TOKEN);
        } catch (JoseException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
