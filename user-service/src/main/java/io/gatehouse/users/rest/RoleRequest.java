package io.gatehouse.users.rest;

import io.gatehouse.events.Role;

/** Body of {@code PUT …/users/{userId}/role}; {@code null} clears the manual role. */
public record RoleRequest(Role role) {}
