package io.gatehouse.platform;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The one clock of every service (the UTC system clock), injected wherever time matters. It is a default bean: a
 * test (or a service) that declares its own {@link Clock} bean replaces it.
 */
@ApplicationScoped
public class ClockProducer {
    @Produces
    @ApplicationScoped
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
