package io.gatehouse.sso.saml;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Initialises OpenSAML once when the application starts, so the first login does not pay for it. */
@ApplicationScoped
public class OpenSamlStartup {
    void onStart(@Observes StartupEvent event) {
        OpenSaml.initialize();
        HardenedParserPool.get();
    }
}
