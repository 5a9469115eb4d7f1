package io.gatehouse.directory.rest;

import java.util.Map;

/**
 * Body of {@code PUT /api/accounts/{id}/directory}. Enum-like fields are strings so that a wrong value answers a
 * precise 400 code instead of a generic deserialisation error. {@code apiKey} is write-only; omitted on an update
 * it keeps the stored key.
 */
public record DirectoryConnectionRequest(String provider, String apiBaseUrl, String apiKey, String orgId,
                                         String applicationId, Map<String, String> groupRoleMappings,
                                         String defaultRole, Integer syncIntervalSeconds, RevokeBrake revokeBrake,
                                         Boolean scimEnabled) {

    public record RevokeBrake(Double maxFraction, Integer minCount) {
    }
}
