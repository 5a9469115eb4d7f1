package io.gatehouse.simulator.domain;

import java.util.List;

/**
 * A partial change of a user; null means "unchanged". {@code suspended=true} sets state SUSPENDED,
 * {@code suspended=false} sets ACTIVATED; an explicit {@code state} wins.
 */
public record UserPatch(
        String email,
        String username,
        String firstname,
        String lastname,
        String displayname,
        UserState state,
        Boolean suspended,
        Boolean accountLocked,
        String employeeIdentifier,
        String department,
        String jobTitle,
        List<UserAttribute> attributes) {}
