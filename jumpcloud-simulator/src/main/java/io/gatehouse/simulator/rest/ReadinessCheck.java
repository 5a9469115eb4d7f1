package io.gatehouse.simulator.rest;

import io.gatehouse.simulator.config.SimulatorConfig;
import io.gatehouse.simulator.dns.DnsServer;
import io.gatehouse.simulator.saml.OpenSaml;
import io.gatehouse.simulator.seed.SeedLoader;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once OpenSAML is initialised, the seed is loaded and the DNS server listens. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    private final OpenSaml openSaml;
    private final SeedLoader seed;
    private final DnsServer dns;
    private final SimulatorConfig config;

    public ReadinessCheck(OpenSaml openSaml, SeedLoader seed, DnsServer dns, SimulatorConfig config) {
        this.openSaml = openSaml;
        this.seed = seed;
        this.dns = dns;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean dnsUp = !config.dns().enabled() || dns.port() > 0;
        return HealthCheckResponse.named("simulator")
                .status(openSaml.initialized() && seed.loaded() && dnsUp)
                .withData("dnsPort", dns.port())
                .build();
    }
}
