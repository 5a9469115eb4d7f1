package io.gatehouse.simulator.domain;

import java.time.Instant;
import java.util.List;

/**
 * A JumpCloud system user. Immutable; the {@link Directory} replaces the whole record on change.
 * {@code suspended} and {@code activated} follow {@code state}: SUSPENDED ⇒ suspended, ACTIVATED ⇒ activated.
 */
public record SimUser(
        String id,
        String email,
        String username,
        String firstname,
        String lastname,
        String displayname,
        UserState state,
        boolean accountLocked,
        String employeeIdentifier,
        String department,
        String jobTitle,
        List<UserAttribute> attributes,
        Instant created) {

    public SimUser {
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
    }

    public boolean activated() {
        return state != UserState.STAGED;
    }

    public boolean suspended() {
        return state == UserState.SUSPENDED;
    }

    /** JumpCloud grants access only to users who are ACTIVATED, not suspended and not locked. */
    public boolean hasAccess() {
        return state == UserState.ACTIVATED && !accountLocked;
    }

    /**
     * The value of a user field by its JumpCloud name (top-level fields), else of a custom attribute of that name;
     * null when neither exists.
     */
    public String field(String name) {
        switch (name) {
            case "_id":
            case "id":
                return id;
            case "email":
                return email;
            case "username":
                return username;
            case "firstname":
                return firstname;
            case "lastname":
                return lastname;
            case "displayname":
                return displayname;
            case "state":
                return state.name();
            case "activated":
                return String.valueOf(activated());
            case "suspended":
                return String.valueOf(suspended());
            case "account_locked":
                return String.valueOf(accountLocked);
            case "employeeIdentifier":
                return employeeIdentifier;
            case "department":
                return department;
            case "jobTitle":
                return jobTitle;
            default:
                String key = name.startsWith("attributes.") ? name.substring("attributes.".length()) : name;
                for (UserAttribute attribute : attributes) {
                    if (attribute.name().equals(key)) {
                        return attribute.value();
                    }
                }
                return null;
        }
    }

    public SimUser withState(UserState newState) {
        return new SimUser(
                id,
                email,
                username,
                firstname,
                lastname,
                displayname,
                newState,
                accountLocked,
                employeeIdentifier,
                department,
                jobTitle,
                attributes,
                created);
    }
}
