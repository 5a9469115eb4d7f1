package io.gatehouse.sso.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A Test Connection run: its AuthnRequest and, once the IdP answered, the report (JSON); completed once
 * ({@link #complete}, ADR 0018).
 */
@Entity
@Table(name = "sso_test_run")
public class TestRun {
    @Id
    private UUID id;

    @Column(name = "account_id")
    private String accountId;

    @Column(name = "request_id")
    private String requestId;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "completed_at")
    private Instant completedAt;

    private String report;

    protected TestRun() {
        // for JPA
    }

    public static TestRun create(UUID id, String accountId, String requestId, Instant now) {
        TestRun r = new TestRun();
        r.id = id;
        r.accountId = accountId;
        r.requestId = requestId;
        r.createdAt = now;
        return r;
    }

    /** Stores the report of the IdP's answer; false (nothing changes) when the run was already completed. */
    public boolean complete(String reportJson, Instant now) {
        if (completedAt != null) {
            return false;
        }
        report = reportJson;
        completedAt = now;
        return true;
    }

    public UUID id() {
        return id;
    }

    public String accountId() {
        return accountId;
    }

    public String requestId() {
        return requestId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant completedAt() {
        return completedAt;
    }

    public String report() {
        return report;
    }
}
