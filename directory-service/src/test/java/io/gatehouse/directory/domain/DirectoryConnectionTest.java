package io.gatehouse.directory.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The connection changes only through its behaviour methods, each stamping {@code updatedAt}. */
class DirectoryConnectionTest {
    private static final Instant CREATED = Instant.parse("2026-12-05T08:00:00Z");
    private static final Instant LATER = CREATED.plusSeconds(60);
    private static final DirectoryConnection.Settings SETTINGS = new DirectoryConnection.Settings(
            "JUMPCLOUD",
            "https://console.jumpcloud.com",
            "org1",
            "app1",
            "{\"Admins\":\"ADMIN\"}",
            "AGENT",
            900,
            0.2,
            5,
            true);

    @Test
    void configureWhenNewThenEverySettingIsStoredAndNoKeyNorScimToken() {
        DirectoryConnection c = DirectoryConnection.create("acme", CREATED);
        c.configure(SETTINGS, LATER);
        assertEquals("acme", c.accountId());
        assertEquals(
                SETTINGS,
                new DirectoryConnection.Settings(
                        c.provider(),
                        c.apiBaseUrl(),
                        c.orgId(),
                        c.applicationId(),
                        c.groupRoleMappings(),
                        c.defaultRole(),
                        c.syncIntervalSeconds(),
                        c.brakeMaxFraction(),
                        c.brakeMinCount(),
                        c.scimEnabled()));
        assertEquals(CREATED, c.createdAt());
        assertEquals(LATER, c.updatedAt());
        assertNull(c.apiKeyCiphertext());
        assertNull(c.scimTokenHash());
    }

    @Test
    void configureWhenKeyStoredThenTheKeyIsKept() {
        DirectoryConnection c = DirectoryConnection.create("acme", CREATED);
        c.replaceApiKey(new byte[] {1, 2, 3}, CREATED);
        c.configure(SETTINGS, LATER);
        assertArrayEquals(new byte[] {1, 2, 3}, c.apiKeyCiphertext());
    }

    @Test
    void issueScimTokenWhenReissuedThenOnlyTheNewHashIsKept() {
        DirectoryConnection c = DirectoryConnection.create("acme", CREATED);
        c.issueScimToken("hash-1", CREATED);
        c.issueScimToken("hash-2", LATER);
        assertEquals("hash-2", c.scimTokenHash());
        assertEquals(LATER, c.updatedAt());
        assertTrue(c.scimTokenHash() != null);
        assertFalse(c.scimEnabled());
    }
}
