package io.gatehouse.users.rest;

import io.gatehouse.events.Role;
import io.gatehouse.events.RoleProvenance;
import io.gatehouse.users.domain.RoleRule;
import io.gatehouse.users.domain.User;
import io.gatehouse.users.domain.UserSource;
import io.gatehouse.users.domain.UserStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user as the API shows it. {@code role} is the effective role and {@code roleProvenance} why the user has it;
 * {@code roleBasis} says it more finely (MANUAL, GROUP_MAPPING, DIRECTORY_DEFAULT, SSO_DEFAULT: the order of
 * precedence of {@link io.gatehouse.users.domain.RoleRule}); {@code mappedRole} is the role without the override,
 * {@code manualRole} an admin's override.
 * {@code statusChangedAt} is null until the status first changes after creation.
 */
public record UserView(
        UUID id,
        String email,
        String firstName,
        String lastName,
        Role role,
        RoleProvenance roleProvenance,
        RoleRule.Basis roleBasis,
        Role mappedRole,
        RoleProvenance mappedRoleProvenance,
        Role manualRole,
        List<String> groups,
        UserStatus status,
        String statusReason,
        Instant statusChangedAt,
        UserSource source,
        String externalId,
        Instant createdAt,
        Instant updatedAt,
        Instant lastLoginAt) {
    static UserView of(User u) {
        return new UserView(
                u.id(),
                u.email(),
                u.firstName(),
                u.lastName(),
                u.role(),
                u.roleProvenance(),
                u.roleBasis(),
                u.mappedRole(),
                u.mappedRoleProvenance(),
                u.manualRole(),
                u.groups(),
                u.status(),
                u.statusReason(),
                u.statusChangedAt(),
                u.source(),
                u.externalId(),
                u.createdAt(),
                u.updatedAt(),
                u.lastLoginAt());
    }
}
