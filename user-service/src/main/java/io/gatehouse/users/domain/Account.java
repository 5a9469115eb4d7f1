package io.gatehouse.users.domain;

import io.gatehouse.events.Plan;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** A customer account: its display name and subscription plan. */
@Entity
@Table(name = "account")
public class Account {
    @Id
    @Column(name = "id", length = 63)
    private String id;

    @Column(name = "name", nullable = false, length = 200)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "plan", nullable = false, length = 16)
    private Plan plan;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Account() {}

    /** An account announced for the first time. */
    public static Account create(String id, String name, Plan plan, Instant now) {
        Account a = new Account();
        a.id = id;
        a.name = name;
        a.plan = plan;
        a.createdAt = now;
        a.updatedAt = now;
        return a;
    }

    /** Applies name and plan; true when something changed. */
    public boolean change(String newName, Plan newPlan, Instant now) {
        if (Objects.equals(name, newName) && plan == newPlan) {
            return false;
        }
        name = newName;
        plan = newPlan;
        updatedAt = now;
        return true;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Plan plan() {
        return plan;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
