package io.gatehouse.users.rest;

import io.gatehouse.events.Plan;
import io.gatehouse.users.domain.Account;
import java.time.Instant;

/** An account as the API shows it; {@code ssoAllowed} tells whether the plan includes SSO. */
public record AccountView(String id, String name, Plan plan, boolean ssoAllowed, Instant createdAt, Instant updatedAt) {
    static AccountView of(Account a) {
        return new AccountView(a.id(), a.name(), a.plan(), a.plan().allowsSso(), a.createdAt(), a.updatedAt());
    }
}
