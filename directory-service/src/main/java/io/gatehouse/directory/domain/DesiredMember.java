package io.gatehouse.directory.domain;

import io.gatehouse.events.RevocationReason;

/**
 * What the directory says about one user bound to the application: the state they should have, and whether they
 * should have access (when not, {@code denial} says why).
 */
public record DesiredMember(MemberState state, boolean access, RevocationReason denial) {

    public static DesiredMember withAccess(MemberState state) {
        return new DesiredMember(state, true, null);
    }

    public static DesiredMember denied(MemberState state, RevocationReason reason) {
        return new DesiredMember(state, false, reason);
    }
}
