package io.gatehouse.sso.saml;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Prepares what a login needs when the application starts, so the first login does not pay for it: Apache
 * Santuario ({@link Saml2#initialize()}) and the hardened parser pool. OpenSAML's own initialisation (about a second
 * of the main thread, and the JIT's work on it) waits for its first use — the SP metadata, an IdP metadata import —
 * since no login needs it (ADR 0026: the ACS reads the Response from the DOM; ADR 0021: the AuthnRequest is written
 * directly).
 */
@ApplicationScoped
public class SamlStartup {
    void onStart(@Observes StartupEvent event) {
        Saml2.initialize();
        HardenedParserPool.get();
    }
}
