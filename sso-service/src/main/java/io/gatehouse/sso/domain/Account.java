package io.gatehouse.sso.domain;

import io.gatehouse.events.Plan;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An account as announced by user-service; only the plan matters here. Changed only by {@link #announce} (ADR 0018).
 */
@Entity
@Table(name = "sso_account")
public class Account {
    @Id
    @Column(name = "account_id")
    private String accountId;

    private String name;

    @Enumerated(EnumType.STRING)
    private Plan plan;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected Account() {
        // for JPA
    }

    /** The first announcement of an account (AccountUpserted at {@code at}). */
    public static Account create(String accountId, String name, Plan plan, Instant at) {
        Account a = new Account();
        a.accountId = accountId;
        a.name = name;
        a.plan = plan;
        a.updatedAt = at;
        return a;
    }

    /** A later announcement; false (nothing changes) when it is older than the one applied. */
    public boolean announce(String newName, Plan newPlan, Instant at) {
        if (at.isBefore(updatedAt)) {
            return false;
        }
        name = newName;
        plan = newPlan;
        updatedAt = at;
        return true;
    }

    public String accountId() {
        return accountId;
    }

    public String name() {
        return name;
    }

    public Plan plan() {
        return plan;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
