package io.gatehouse.directory.domain;

import java.util.Locale;

/**
 * The identity rule for directory members (ADR 0012), in one place:
 * <ol>
 *   <li>a member's key is their JumpCloud user id whenever it is known (the SCIM {@code externalId}, or the id
 *       JumpCloud's API lists for the member's email);</li>
 *   <li>a member pushed by SCIM without {@code externalId} has the provisional key {@code scim:<SCIM id>} until a
 *       reconciliation finds their email in JumpCloud's user listing, which re-keys them to the JumpCloud id;</li>
 *   <li>two keys with the same email (compared case-insensitively) are the same person: the key that has a
 *       JumpCloud id takes over the other's row (no revocation, no second user);</li>
 *   <li>a provisional key that nobody in JumpCloud's listing matches is unresolved: reconciliation reports it and
 *       never revokes it (only SCIM's own deprovisioning or an admin does).</li>
 * </ol>
 */
public final class MemberIdentity {
    private static final String PROVISIONAL = "scim:";

    private MemberIdentity() {}

    public static String provisional(Object scimId) {
        return PROVISIONAL + scimId;
    }

    /** True for a SCIM-only key, which is never looked up in JumpCloud's API as a user id. */
    public static boolean isProvisional(String key) {
        return key != null && key.startsWith(PROVISIONAL);
    }

    /** The email as identities compare it (case-insensitive), null when there is none. */
    public static String emailKey(String email) {
        return email == null || email.isBlank() ? null : email.toLowerCase(Locale.ROOT);
    }
}
