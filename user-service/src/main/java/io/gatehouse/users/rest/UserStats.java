package io.gatehouse.users.rest;

import io.gatehouse.events.Role;
import io.gatehouse.users.domain.UserSource;
import io.gatehouse.users.domain.UserStatus;
import java.util.Map;

/** Counts of an account's users: by status, by effective role (all and active only), by source. */
public record UserStats(
        long total,
        Map<UserStatus, Long> byStatus,
        Map<Role, Long> byRole,
        Map<Role, Long> activeByRole,
        Map<UserSource, Long> bySource) {}
