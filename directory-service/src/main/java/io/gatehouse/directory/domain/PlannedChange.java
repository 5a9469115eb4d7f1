package io.gatehouse.directory.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gatehouse.events.RevocationReason;
import io.gatehouse.events.Role;
import java.util.List;

/**
 * One change a run would make: grant or update (with the new state) or revoke (with the reason). Stored as JSON in
 * the run when held or dry, and applied exactly as stored when a held run is approved.
 *
 * <p>{@code replaces}: snapshot keys of the same person that this change takes over (identity rule, ADR
 * "member identity"): a SCIM-only key {@code scim:<id>} or an earlier key with the same email. Their rows are
 * removed in the same transaction, without an event of their own; null when there are none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlannedChange(
        ChangeKind kind,
        String externalId,
        String email,
        String firstName,
        String lastName,
        List<String> groups,
        Role role,
        Boolean roleFromGroup,
        RevocationReason reason,
        List<String> replaces) {

    public static PlannedChange grant(MemberState s) {
        return new PlannedChange(
                ChangeKind.GRANT,
                s.externalId(),
                s.email(),
                s.firstName(),
                s.lastName(),
                s.groups(),
                s.role(),
                s.roleFromGroup(),
                null,
                null);
    }

    public static PlannedChange update(MemberState s) {
        return new PlannedChange(
                ChangeKind.UPDATE,
                s.externalId(),
                s.email(),
                s.firstName(),
                s.lastName(),
                s.groups(),
                s.role(),
                s.roleFromGroup(),
                null,
                null);
    }

    public static PlannedChange revoke(String externalId, String email, RevocationReason reason) {
        return new PlannedChange(ChangeKind.REVOKE, externalId, email, null, null, null, null, null, reason, null);
    }

    /** This change, also taking over the rows of {@code keys} (none: this change unchanged). */
    public PlannedChange replacing(List<String> keys) {
        if (keys == null || keys.isEmpty()) {
            return this;
        }
        return new PlannedChange(
                kind, externalId, email, firstName, lastName, groups, role, roleFromGroup, reason, List.copyOf(keys));
    }

    /** The member state a grant or update leads to. */
    public MemberState state() {
        return new MemberState(
                externalId, email, firstName, lastName, groups, role, Boolean.TRUE.equals(roleFromGroup));
    }
}
