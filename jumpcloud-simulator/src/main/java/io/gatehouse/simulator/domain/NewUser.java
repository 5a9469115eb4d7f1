package io.gatehouse.simulator.domain;

import java.util.List;

/** What a new user is made of; null fields take defaults (state ACTIVATED, username from the email). */
public record NewUser(
        String id,
        String email,
        String username,
        String firstname,
        String lastname,
        String displayname,
        UserState state,
        Boolean accountLocked,
        String employeeIdentifier,
        String department,
        String jobTitle,
        List<UserAttribute> attributes) {}
