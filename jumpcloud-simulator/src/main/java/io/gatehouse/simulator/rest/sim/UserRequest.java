package io.gatehouse.simulator.rest.sim;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.simulator.domain.NewUser;
import io.gatehouse.simulator.domain.SimException;
import io.gatehouse.simulator.domain.UserAttribute;
import io.gatehouse.simulator.domain.UserPatch;
import io.gatehouse.simulator.domain.UserState;
import java.util.List;

/**
 * Body of {@code POST /sim/users} and {@code PATCH /sim/users/{id}} (JumpCloud field names; every field optional
 * in PATCH, {@code email} required in POST).
 */
public record UserRequest(
        @JsonProperty("_id") String id,
        String email,
        String username,
        String firstname,
        String lastname,
        String displayname,
        String state,
        Boolean suspended,

        @JsonProperty("account_locked") @JsonAlias("accountLocked")
        Boolean accountLocked,

        String employeeIdentifier,
        String department,
        String jobTitle,
        List<UserAttribute> attributes) {

    public NewUser toNewUser() {
        UserState parsed = state(state);
        if (parsed == null && Boolean.TRUE.equals(suspended)) {
            parsed = UserState.SUSPENDED;
        }
        return new NewUser(
                id,
                email,
                username,
                firstname,
                lastname,
                displayname,
                parsed,
                accountLocked,
                employeeIdentifier,
                department,
                jobTitle,
                attributes);
    }

    UserPatch toPatch() {
        if (id != null) {
            throw SimException.badRequest("_id cannot be changed");
        }
        return new UserPatch(
                email,
                username,
                firstname,
                lastname,
                displayname,
                state(state),
                suspended,
                accountLocked,
                employeeIdentifier,
                department,
                jobTitle,
                attributes);
    }

    private static UserState state(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UserState.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw SimException.badRequest("state must be STAGED, ACTIVATED or SUSPENDED");
        }
    }
}
