package io.gatehouse.directory.domain;

import io.gatehouse.events.Role;
import io.gatehouse.platform.domain.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Creates or replaces an account's directory connection, validating every field with a precise 400 code.
 * Two rules keep a tenant admin from turning the connection against the account (docs/adr, escalation):
 * <ul>
 *   <li>the API key only ever goes to an operator-approved host: {@code apiBaseUrl} must be on
 *   {@link ApiBaseUrls}' allow-list, and changing it to another host requires the key again (400
 *   {@code api_key_required}), so a stored key never follows a new URL;</li>
 *   <li>only the operator or an OWNER adds, changes or removes a group → OWNER mapping (403
 *   {@code role_escalation}); OWNER is never a default role.</li>
 * </ul>
 */
@ApplicationScoped
public class SaveDirectoryConnection {
    public static final String DEFAULT_BASE_URL = "https://console.jumpcloud.com";
    static final int MIN_INTERVAL = 30;

    private final DirectoryConnectionRepository connections;
    private final SecretCipher cipher;
    private final EntityManager em;
    private final Clock clock;
    private final ApiBaseUrls apiBaseUrls;

    public SaveDirectoryConnection(
            DirectoryConnectionRepository connections,
            SecretCipher cipher,
            EntityManager em,
            Clock clock,
            ApiBaseUrls apiBaseUrls) {
        this.apiBaseUrls = apiBaseUrls;
        this.connections = connections;
        this.cipher = cipher;
        this.em = em;
        this.clock = clock;
    }

    public record Saved(ConnectionSettings settings, String provider, boolean created) {}

    /**
     * Saves the connection. {@code mayGrantOwner}: the caller is the operator or an OWNER of the account, who may
     * change group → OWNER mappings; an ADMIN may only keep them as they are.
     */
    @Transactional
    public Saved save(String accountId, DirectoryConnectionCommand req, boolean mayGrantOwner) {
        if (req == null) {
            throw DomainException.invalid("validation_failed", "a JSON body is required");
        }
        String provider =
                req.provider() == null ? "JUMPCLOUD" : req.provider().trim().toUpperCase(Locale.ROOT);
        if (!"JUMPCLOUD".equals(provider)) {
            throw DomainException.invalid("unsupported_provider", "provider must be JUMPCLOUD");
        }
        DirectoryConnection c = connections.findByIdOptional(accountId).orElse(null);
        boolean created = c == null;
        String baseUrl = apiBaseUrls.requireAllowed(
                req.apiBaseUrl() != null ? req.apiBaseUrl() : created ? DEFAULT_BASE_URL : c.apiBaseUrl());
        if (!created
                && c.apiKeyCiphertext() != null
                && req.apiKey() == null
                && !ApiBaseUrls.sameTarget(c.apiBaseUrl(), baseUrl)) {
            throw DomainException.invalid(
                    "api_key_required",
                    "changing apiBaseUrl requires the apiKey again: the stored key is never sent to a new host");
        }
        Map<String, Role> mappings = validateMappings(req.groupRoleMappings());
        Role defaultRole = validateDefaultRole(req.defaultRole());
        int interval = req.syncIntervalSeconds() == null ? 0 : req.syncIntervalSeconds();
        if (interval != 0 && interval < MIN_INTERVAL) {
            throw DomainException.invalid(
                    "invalid_sync_interval", "syncIntervalSeconds must be 0 (off) or at least " + MIN_INTERVAL);
        }
        double maxFraction = 0.3;
        int minCount = 5;
        if (req.revokeBrake() != null) {
            if (req.revokeBrake().maxFraction() != null) {
                maxFraction = req.revokeBrake().maxFraction();
            }
            if (req.revokeBrake().minCount() != null) {
                minCount = req.revokeBrake().minCount();
            }
        }
        if (!(maxFraction > 0 && maxFraction <= 1) || Double.isNaN(maxFraction)) {
            throw DomainException.invalid("invalid_revoke_brake", "revokeBrake.maxFraction must be in (0, 1]");
        }
        if (minCount < 0) {
            throw DomainException.invalid("invalid_revoke_brake", "revokeBrake.minCount must be 0 or more");
        }
        String orgId = blankToNull(req.orgId(), "orgId", "invalid_org_id");
        String applicationId = blankToNull(req.applicationId(), "applicationId", "invalid_application_id");
        if (!mayGrantOwner
                && !ownerGroups(mappings)
                        .equals(
                                created
                                        ? Set.of()
                                        : ownerGroups(ConnectionSettings.readMappings(c.groupRoleMappings())))) {
            throw DomainException.forbidden(
                    "role_escalation",
                    "only the platform operator or an OWNER adds, changes or removes a group mapped to OWNER");
        }

        Instant now = clock.instant();
        if (created) {
            c = DirectoryConnection.create(accountId, now);
        }
        if (req.apiKey() != null) {
            if (req.apiKey().isBlank() || req.apiKey().length() > 512) {
                throw DomainException.invalid("invalid_api_key", "apiKey must be a non-blank string");
            }
            c.replaceApiKey(cipher.encrypt(accountId, req.apiKey().trim()), now);
        }
        c.configure(
                new DirectoryConnection.Settings(
                        provider,
                        baseUrl,
                        orgId,
                        applicationId,
                        ConnectionSettings.writeMappings(mappings),
                        defaultRole.name(),
                        interval,
                        maxFraction,
                        minCount,
                        Boolean.TRUE.equals(req.scimEnabled())),
                now);
        if (created) {
            connections.persist(c);
        }
        em.flush();
        // (re)schedule: due now when switched on, never when off
        em.createNativeQuery("update directory_connection set next_sync_at = case when sync_interval_seconds > 0"
                        + " then coalesce(least(next_sync_at, cast(?1 as timestamptz)), cast(?1 as timestamptz)) end"
                        + " where account_id = ?2")
                .setParameter(1, java.sql.Timestamp.from(now))
                .setParameter(2, accountId)
                .executeUpdate();
        return new Saved(ConnectionSettings.of(c), provider, created);
    }

    /** The groups mapped to OWNER, normalised as {@link RoleMapping} matches them. */
    private static Set<String> ownerGroups(Map<String, Role> mappings) {
        Set<String> out = new HashSet<>();
        mappings.forEach((group, role) -> {
            if (role == Role.OWNER) {
                out.add(RoleMapping.normalise(group));
            }
        });
        return out;
    }

    private static Map<String, Role> validateMappings(Map<String, String> raw) {
        Map<String, Role> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (Map.Entry<String, String> e : raw.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank()) {
                throw DomainException.invalid("invalid_group_role_mapping", "group names must not be blank");
            }
            out.put(
                    e.getKey().trim(),
                    parseRole(
                            e.getValue(),
                            "invalid_group_role_mapping",
                            "group '" + e.getKey() + "' maps to an unknown role"));
        }
        return out;
    }

    private static Role validateDefaultRole(String raw) {
        if (raw == null) {
            return Role.AGENT;
        }
        Role r = parseRole(raw, "invalid_default_role", "defaultRole must be ADMIN, SUPERVISOR or AGENT");
        if (r == Role.OWNER) {
            throw DomainException.invalid("invalid_default_role", "defaultRole must be ADMIN, SUPERVISOR or AGENT");
        }
        return r;
    }

    private static Role parseRole(String raw, String code, String detail) {
        try {
            return Role.valueOf(raw == null ? "" : raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid(code, detail);
        }
    }

    private static String blankToNull(String raw, String field, String code) {
        if (raw == null) {
            return null;
        }
        if (raw.isBlank() || raw.length() > 128) {
            throw DomainException.invalid(code, field + " must be a non-blank id");
        }
        return raw.trim();
    }
}
