package io.gatehouse.platform;

import io.quarkus.runtime.Startup;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Secrets a service cannot run without, checked when the configuration is loaded, before Flyway, Kafka or HTTP
 * start. Each service lists them in its {@code application.properties} for the {@code prod} profile, keyed by
 * the environment variable that provides the secret, valued with an expression of the property that reads it:
 * <pre>
 * %prod.gatehouse.required-secrets.GATEHOUSE_OPERATOR_TOKEN=${gatehouse.operator-token}
 * </pre>
 * An unset or empty secret stops the start-up with "SRCFG00011: Could not expand value gatehouse.operator-token in
 * property gatehouse.required-secrets.GATEHOUSE_OPERATOR_TOKEN": the pod never goes Ready, and the log names
 * the variable to set. (The properties themselves are optional in the services' own mappings, so that dev and
 * test run without them; this list is what makes them mandatory in production.)
 */
@ConfigMapping(prefix = "gatehouse.required-secrets")
public interface RequiredSecrets {

    /** Environment variable name → the secret's value (never logged). Empty outside {@code prod}. */
    @WithParentName
    Map<String, String> byEnvironmentVariable();

    /**
     * Injects the mapping so that Quarkus registers (and therefore checks) it; logs the names of the secrets
     * found, never their values.
     */
    @Startup
    @ApplicationScoped
    class Report {
        Report(RequiredSecrets secrets) {
            if (!secrets.byEnvironmentVariable().isEmpty()) {
                Logger.getLogger(RequiredSecrets.class)
                        .infof(
                                "required secrets present: %s",
                                new java.util.TreeSet<>(
                                        secrets.byEnvironmentVariable().keySet()));
            }
        }
    }
}
