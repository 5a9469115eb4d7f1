package io.gatehouse.directory.rest;

import io.gatehouse.directory.domain.ConnectionSettings;
import io.gatehouse.events.Role;

import java.util.Map;

/** A directory connection as the API shows it: never the API key, only whether one is stored. */
public record DirectoryConnectionView(String accountId, String provider, String apiBaseUrl, boolean apiKeySet,
                                      String orgId, String applicationId, Map<String, Role> groupRoleMappings,
                                      Role defaultRole, int syncIntervalSeconds, RevokeBrakeView revokeBrake,
                                      boolean scimEnabled, boolean scimTokenIssued, String scimBaseUrl) {

    public record RevokeBrakeView(double maxFraction, int minCount) {
    }

    public static DirectoryConnectionView of(ConnectionSettings s, String provider, String scimBaseUrl) {
        return new DirectoryConnectionView(s.accountId(), provider, s.apiBaseUrl(), s.apiKeySet(), s.orgId(),
                s.applicationId(), s.groupRoleMappings(), s.defaultRole(), s.syncIntervalSeconds(),
                new RevokeBrakeView(s.brakeMaxFraction(), s.brakeMinCount()), s.scimEnabled(), s.scimTokenIssued(),
                scimBaseUrl);
    }
}
