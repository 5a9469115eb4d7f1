package io.gatehouse.sso.domain;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Publishes {@code gatehouse.sso.idp.certificate.days_left{account}}: for every enabled SSO connection, the whole
 * days until its newest IdP signing certificate expires (negative once it has). The newest one counts because a
 * rotation adds the next certificate beside the old one, and logins keep working as long as one is valid. The
 * alert {@code GatehouseIdpCertificateExpiring} fires on it weeks before logins would start failing with
 * {@code sig_invalid}. Accounts are only those with an enabled connection, so the tags are bounded, as for
 * {@link UnverifiedAcsFailures}. Computed every ten minutes (one aggregate query), not at every scrape.
 */
@ApplicationScoped
public class IdpCertificateExpiry {
    public static final String METRIC = "gatehouse.sso.idp.certificate.days_left";

    private final EntityManager em;
    private final Clock clock;
    private final MultiGauge gauge;

    public IdpCertificateExpiry(EntityManager em, Clock clock, MeterRegistry metrics) {
        this.em = em;
        this.clock = clock;
        this.gauge = MultiGauge.builder(METRIC)
                .description("Days until the newest IdP signing certificate of an enabled SSO connection expires")
                .register(metrics);
    }

    @Scheduled(every = "10m", delayed = "20s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void everyTenMinutes() {
        refresh();
    }

    /** Reads every enabled connection's newest certificate expiry and replaces the gauge's rows; returns them. */
    @Transactional
    public List<DaysLeft> refresh() {
        Instant now = clock.instant();
        List<Object[]> rows = em.createQuery(
                        "SELECT c.connection.accountId, MAX(c.notAfter) FROM IdpCertificate c"
                                + " WHERE c.connection.enabled = true GROUP BY c.connection.accountId",
                        Object[].class)
                .getResultList();
        List<DaysLeft> result = rows.stream()
                .map(r -> new DaysLeft(
                        (String) r[0],
                        Math.floorDiv(
                                Duration.between(now, (Instant) r[1]).toSeconds(),
                                Duration.ofDays(1).toSeconds())))
                .toList();
        gauge.register(
                result.stream()
                        .map(d -> MultiGauge.Row.of(Tags.of("account", d.accountId()), d.days()))
                        .toList(),
                true);
        return result;
    }

    /** One enabled connection's days left on its newest certificate. */
    public record DaysLeft(String accountId, long days) {}
}
