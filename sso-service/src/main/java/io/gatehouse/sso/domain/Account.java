package io.gatehouse.sso.domain;

import io.gatehouse.events.Plan;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An account as announced by user-service; only the plan matters here. */
@Entity
@Table(name = "sso_account")
public class Account {
    @Id
    @Column(name = "account_id")
    public String accountId;

    public String name;

    @Enumerated(EnumType.STRING)
    public Plan plan;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
