package io.gatehouse.sso.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A Test Connection run: its AuthnRequest and, once the IdP answered, the report (JSON). */
@Entity
@Table(name = "sso_test_run")
public class TestRun {
    @Id
    public UUID id;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "request_id")
    public String requestId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    public String report;
}
