package io.gatehouse.sso.it;

import static io.gatehouse.sso.it.Fixture.readyAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.gatehouse.sso.domain.IdpCertificateExpiry;
import io.gatehouse.sso.saml.TestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The operator sees, per account, how many days are left on the newest IdP certificate of its enabled connection:
 * the PrometheusRule's certificate-expiry alert reads this gauge.
 */
@QuarkusTest
class IdpCertificateExpiryTest {

    private static double daysLeft(String accountId) {
        var gauge = Arc.container()
                .instance(MeterRegistry.class)
                .get()
                .find(IdpCertificateExpiry.METRIC)
                .tag("account", accountId)
                .gauge();
        assertNotNull(gauge, "no " + IdpCertificateExpiry.METRIC + " for " + accountId);
        return gauge.value();
    }

    @Test
    void certificateExpiryWhenConnectionHasTwoCertificatesThenGaugeShowsDaysLeftOnTheNewest() {
        Instant now = Instant.now();
        TestKeys soon = TestKeys.generate(
                "CN=soon",
                now.minus(Duration.ofDays(300)),
                now.plus(Duration.ofDays(9)).plus(Duration.ofHours(1)));
        TestKeys later = TestKeys.generate(
                "CN=later",
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(40)).plus(Duration.ofHours(1)));
        String rotating = readyAccount("POST", false, soon, later);
        String expiring = readyAccount("POST", false, soon);

        Arc.container().instance(IdpCertificateExpiry.class).get().refresh();

        assertEquals(40.0, daysLeft(rotating), "a rotation in progress counts its newest certificate");
        assertEquals(9.0, daysLeft(expiring));
    }
}
