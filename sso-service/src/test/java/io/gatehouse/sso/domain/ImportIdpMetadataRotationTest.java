package io.gatehouse.sso.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which certificates stay trusted when an account re-imports its IdP metadata during a key rotation. */
class ImportIdpMetadataRotationTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void keepDuringRotationWhenOldCertificateStillValidThenBothAreTrusted() {
        List<String> kept = ImportIdpMetadata.keepDuringRotation(
                List.of("NEW"), List.of(trusted("OLD", NOW.plusSeconds(86_400), NOW.minusSeconds(86_400))), NOW);

        assertEquals(List.of("NEW", pem("OLD")), kept);
    }

    @Test
    void keepDuringRotationWhenOldCertificateExpiredThenItIsDropped() {
        List<String> kept = ImportIdpMetadata.keepDuringRotation(
                List.of("NEW"), List.of(trusted("OLD", NOW.minusSeconds(1), NOW.minusSeconds(86_400))), NOW);

        assertEquals(List.of("NEW"), kept);
    }

    @Test
    void keepDuringRotationWhenCertificateIsInTheMetadataThenItIsNotRepeated() {
        List<String> kept = ImportIdpMetadata.keepDuringRotation(
                List.of("SAME"), List.of(trusted("SAME", NOW.plusSeconds(86_400), NOW.minusSeconds(86_400))), NOW);

        assertEquals(List.of("SAME"), kept);
    }

    @Test
    void keepDuringRotationWhenTooManyThenTheNewestAdditionsStay() {
        List<IdpCertificate> trusted = new ArrayList<>();
        for (int i = 0; i < ConfigureSsoConnection.MAX_CERTIFICATES; i++) {
            trusted.add(trusted("OLD" + i, NOW.plusSeconds(86_400), NOW.minusSeconds(86_400L * (10 - i))));
        }

        List<String> kept = ImportIdpMetadata.keepDuringRotation(List.of("NEW"), trusted, NOW);

        assertEquals(List.of("NEW", pem("OLD4"), pem("OLD3"), pem("OLD2"), pem("OLD1")), kept);
    }

    private static IdpCertificate trusted(String der, Instant notAfter, Instant addedAt) {
        return IdpCertificate.of(null, new ParsedCertificate(null, der, pem(der), "", null, notAfter), addedAt);
    }

    private static String pem(String der) {
        return "-----BEGIN CERTIFICATE-----\n" + der + "\n-----END CERTIFICATE-----\n";
    }
}
