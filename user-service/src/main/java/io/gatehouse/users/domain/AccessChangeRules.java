package io.gatehouse.users.domain;

import io.gatehouse.events.Role;
import io.gatehouse.platform.domain.DomainException;

/**
 * Who may change whose access by hand (ADR 0008). The resource has already checked that the caller is
 * the operator or an ADMIN/OWNER of the account; these rules close the escalation paths left inside that:
 * <ul>
 *   <li>OWNER is the top role: only the operator or an OWNER grants it (assigning OWNER, or clearing an override
 *   that would fall back to a directory-mapped OWNER) or acts on a user who holds it (re-role, clear, revoke,
 *   restore);</li>
 *   <li>nobody but the operator changes their own role or restores their own access — not even an OWNER, so an
 *   account always needs a second person (or the operator) to raise anyone's rights. Revoking oneself stays
 *   possible: it only gives rights away.</li>
 * </ul>
 * Every refusal is 403 {@code role_escalation}.
 */
final class AccessChangeRules {
    static final String CODE = "role_escalation";

    private AccessChangeRules() {}

    /** Assigning {@code role} ({@link AssignRole}). */
    static void requireMayAssign(Actor actor, User target, Role role) {
        requireNotSelf(actor, target, "change their own role");
        requireOwnerPowers(
                actor,
                role == Role.OWNER || target.role() == Role.OWNER,
                "only the platform operator or an OWNER assigns OWNER or changes the role of an OWNER");
    }

    /** Clearing the override ({@link ClearRole}): the user falls back to their mapped role. */
    static void requireMayClear(Actor actor, User target) {
        requireNotSelf(actor, target, "change their own role");
        requireOwnerPowers(
                actor,
                target.role() == Role.OWNER || target.mappedRole() == Role.OWNER,
                "only the platform operator or an OWNER changes the role of an OWNER or makes someone OWNER");
    }

    /** Revoking by hand ({@link RevokeUser#byAdmin}). */
    static void requireMayRevoke(Actor actor, User target) {
        requireOwnerPowers(
                actor, target.role() == Role.OWNER, "only the platform operator or an OWNER revokes an OWNER");
    }

    /** Restoring by hand ({@link RestoreUser#byAdmin}). */
    static void requireMayRestore(Actor actor, User target) {
        requireNotSelf(actor, target, "restore their own access");
        requireOwnerPowers(
                actor, target.role() == Role.OWNER, "only the platform operator or an OWNER restores an OWNER");
    }

    private static void requireNotSelf(Actor actor, User target, String what) {
        if (!actor.operator() && actor.isUser(target.id())) {
            throw DomainException.forbidden(CODE, "no one but the platform operator may " + what);
        }
    }

    private static void requireOwnerPowers(Actor actor, boolean ownerInvolved, String detail) {
        if (ownerInvolved && !actor.operator() && actor.role() != Role.OWNER) {
            throw DomainException.forbidden(CODE, detail);
        }
    }
}
