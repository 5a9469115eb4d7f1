package io.gatehouse.directory.domain;

import java.util.Map;

/**
 * The command {@link SaveDirectoryConnection} takes, bound from the body of {@code PUT /api/accounts/{id}/directory}.
 * Enum-like fields are strings so that a wrong value answers a precise 400 code instead of a generic
 * deserialisation error. {@code apiKey} is write-only; omitted on an update it keeps the stored key.
 */
public record DirectoryConnectionCommand(
        String provider,
        String apiBaseUrl,
        String apiKey,
        String orgId,
        String applicationId,
        Map<String, String> groupRoleMappings,
        String defaultRole,
        Integer syncIntervalSeconds,
        RevokeBrake revokeBrake,
        Boolean scimEnabled) {

    public record RevokeBrake(Double maxFraction, Integer minCount) {}
}
