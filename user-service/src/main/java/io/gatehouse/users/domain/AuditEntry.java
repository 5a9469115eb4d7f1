package io.gatehouse.users.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One line of an account's audit trail: what changed, for whom, and why. Append-only. */
@Entity
@Immutable
@Table(name = "audit_entry")
public class AuditEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_entry_seq")
    @SequenceGenerator(name = "audit_entry_seq", sequenceName = "audit_entry_seq", allocationSize = 50)
    @Column(name = "id")
    private Long id;

    @Column(name = "account_id", nullable = false, length = 63)
    private String accountId;

    @Column(name = "user_id")
    private UUID userId;

    @Column(name = "type", nullable = false, length = 32)
    private String type;

    @Column(name = "actor", nullable = false, length = 200)
    private String actor;

    @Column(name = "event_id")
    private UUID eventId;

    @Column(name = "reason", length = 64)
    private String reason;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "details")
    private Map<String, Object> details;

    @Column(name = "at", nullable = false)
    private Instant at;

    protected AuditEntry() {}

    /** An entry of what happened to a user at {@code at}, and why ({@code cause}); never changed afterwards. */
    public static AuditEntry create(
            String accountId, UUID userId, AuditType type, Cause cause, Map<String, Object> details, Instant at) {
        AuditEntry e = new AuditEntry();
        e.accountId = accountId;
        e.userId = userId;
        e.type = type.name();
        e.actor = cause.actor();
        e.eventId = cause.eventId();
        e.reason = cause.reason();
        e.details = details == null || details.isEmpty() ? null : details;
        e.at = at;
        return e;
    }

    public Long id() {
        return id;
    }

    public String accountId() {
        return accountId;
    }

    public UUID userId() {
        return userId;
    }

    public String type() {
        return type;
    }

    public String actor() {
        return actor;
    }

    public UUID eventId() {
        return eventId;
    }

    public String reason() {
        return reason;
    }

    public Map<String, Object> details() {
        return details;
    }

    public Instant at() {
        return at;
    }
}
