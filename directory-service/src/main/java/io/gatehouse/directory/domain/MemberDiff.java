package io.gatehouse.directory.domain;

import io.gatehouse.events.RevocationReason;

/**
 * The pure comparison at the heart of reconciliation and SCIM: the last known entry of a member (null when the
 * member had no access) against what the directory says now (null when the user is no longer bound or no longer
 * exists). Returns the change to make, or null when there is none.
 */
public final class MemberDiff {

    private MemberDiff() {}

    /**
     * @param known        snapshot entry, null if the member has no access now
     * @param desired      directory view of the user, null if not bound / not found
     * @param absentReason reason to revoke with when {@code desired} is null
     */
    public static PlannedChange compare(
            String externalId, SnapshotEntry known, DesiredMember desired, RevocationReason absentReason) {
        if (known == null) {
            if (desired != null && desired.access()) {
                return PlannedChange.grant(desired.state());
            }
            return null;
        }
        if (desired == null) {
            return PlannedChange.revoke(externalId, known.email(), absentReason);
        }
        if (!desired.access()) {
            return PlannedChange.revoke(externalId, known.email(), desired.denial());
        }
        if (desired.state().fingerprint() != known.fingerprint()) {
            return PlannedChange.update(desired.state());
        }
        return null;
    }

    /**
     * The safety brake: hold a run whose revocations exceed {@code maxFraction} of the current members and reach
     * {@code minCount}.
     */
    public static boolean exceedsBrake(int revocations, int currentMembers, double maxFraction, int minCount) {
        return revocations > maxFraction * currentMembers && revocations >= minCount;
    }
}
