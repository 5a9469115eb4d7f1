package io.gatehouse.directory.rest;

import io.gatehouse.directory.domain.ConnectionSettings;
import io.gatehouse.events.Role;
import java.time.Instant;
import java.util.Map;

/**
 * A directory connection as the API shows it: never the API key, only whether one is stored; with what the admin
 * enters in JumpCloud's Identity Management tab (Base URL, Test User Email) and when JumpCloud last tested it.
 */
public record DirectoryConnectionView(
        String accountId,
        String provider,
        String apiBaseUrl,
        boolean apiKeySet,
        String orgId,
        String applicationId,
        Map<String, Role> groupRoleMappings,
        Role defaultRole,
        int syncIntervalSeconds,
        RevokeBrakeView revokeBrake,
        boolean scimEnabled,
        boolean scimTokenIssued,
        String scimBaseUrl,
        String scimTestUserEmail,
        Instant scimTestedAt) {

    public record RevokeBrakeView(double maxFraction, int minCount) {}

    /**
     * @param scimTestUserEmail the address to enter as JumpCloud's "Test User Email"
     */
    public static DirectoryConnectionView of(
            ConnectionSettings s, String provider, String scimBaseUrl, String scimTestUserEmail) {
        return new DirectoryConnectionView(
                s.accountId(),
                provider,
                s.apiBaseUrl(),
                s.apiKeySet(),
                s.orgId(),
                s.applicationId(),
                s.groupRoleMappings(),
                s.defaultRole(),
                s.syncIntervalSeconds(),
                new RevokeBrakeView(s.brakeMaxFraction(), s.brakeMinCount()),
                s.scimEnabled(),
                s.scimTokenIssued(),
                scimBaseUrl,
                scimTestUserEmail,
                s.scimTestedAt());
    }
}
