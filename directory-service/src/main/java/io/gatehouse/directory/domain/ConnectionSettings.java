package io.gatehouse.directory.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.events.Role;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parsed, immutable view of a {@link DirectoryConnection} that sync and SCIM work with. */
public record ConnectionSettings(
        String accountId,
        String apiBaseUrl,
        boolean apiKeySet,
        String orgId,
        String applicationId,
        Map<String, Role> groupRoleMappings,
        Role defaultRole,
        int syncIntervalSeconds,
        double brakeMaxFraction,
        int brakeMinCount,
        boolean scimEnabled,
        boolean scimTokenIssued,
        Instant scimTestedAt) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Role>> MAPPINGS = new TypeReference<>() {};

    public static ConnectionSettings of(DirectoryConnection c) {
        return new ConnectionSettings(
                c.accountId(),
                c.apiBaseUrl(),
                c.apiKeyCiphertext() != null,
                c.orgId(),
                c.applicationId(),
                readMappings(c.groupRoleMappings()),
                Role.valueOf(c.defaultRole()),
                c.syncIntervalSeconds(),
                c.brakeMaxFraction(),
                c.brakeMinCount(),
                c.scimEnabled(),
                c.scimTokenHash() != null,
                c.scimTestedAt());
    }

    public RoleMapping roleMapping() {
        return new RoleMapping(groupRoleMappings, defaultRole);
    }

    public static Map<String, Role> readMappings(String json) {
        try {
            return JSON.readValue(json, MAPPINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored group role mappings are not valid JSON", e);
        }
    }

    public static String writeMappings(Map<String, Role> mappings) {
        try {
            return JSON.writeValueAsString(mappings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
