package io.gatehouse.directory.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.events.RevocationReason;
import io.gatehouse.events.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemberDiffTest {
    static MemberState state(String email, List<String> groups, Role role) {
        return new MemberState("u1", email, "Grace", "Hopper", groups, role, true);
    }

    @Test
    void compareWhenNewMemberWithAccessThenGrant() {
        PlannedChange c =
                MemberDiff.compare("u1", null, DesiredMember.withAccess(state("g@x", List.of("A"), Role.ADMIN)), null);
        assertEquals(ChangeKind.GRANT, c.kind());
        assertEquals(Role.ADMIN, c.role());
        assertEquals(List.of("A"), c.groups());
    }

    @Test
    void compareWhenNewMemberWithoutAccessThenNothing() {
        assertNull(MemberDiff.compare(
                "u1",
                null,
                DesiredMember.denied(state("g@x", List.of(), Role.AGENT), RevocationReason.SUSPENDED),
                null));
        assertNull(MemberDiff.compare("u1", null, null, RevocationReason.DELETED));
    }

    @Test
    void compareWhenSameStateThenUnchanged() {
        MemberState s = state("g@x", List.of("A", "B"), Role.ADMIN);
        assertNull(MemberDiff.compare("u1", s.compact(), DesiredMember.withAccess(s), null));
    }

    @Test
    void compareWhenProfileGroupsOrRoleChangeThenUpdate() {
        MemberState s = state("g@x", List.of("A"), Role.ADMIN);
        assertEquals(
                ChangeKind.UPDATE,
                MemberDiff.compare(
                                "u1",
                                s.compact(),
                                DesiredMember.withAccess(state("g2@x", List.of("A"), Role.ADMIN)),
                                null)
                        .kind());
        assertEquals(
                ChangeKind.UPDATE,
                MemberDiff.compare(
                                "u1",
                                s.compact(),
                                DesiredMember.withAccess(state("g@x", List.of("A", "B"), Role.ADMIN)),
                                null)
                        .kind());
        PlannedChange role = MemberDiff.compare(
                "u1", s.compact(), DesiredMember.withAccess(state("g@x", List.of("A"), Role.AGENT)), null);
        assertEquals(ChangeKind.UPDATE, role.kind());
        assertEquals(Role.AGENT, role.role());
    }

    @Test
    void compareWhenAccessLostThenRevokeWithReason() {
        MemberState s = state("g@x", List.of("A"), Role.ADMIN);
        PlannedChange locked = MemberDiff.compare(
                "u1", s.compact(), DesiredMember.denied(s, RevocationReason.LOCKED), RevocationReason.DELETED);
        assertEquals(ChangeKind.REVOKE, locked.kind());
        assertEquals(RevocationReason.LOCKED, locked.reason());
        assertEquals("g@x", locked.email());
        PlannedChange gone = MemberDiff.compare("u1", s.compact(), null, RevocationReason.REMOVED_FROM_GROUP);
        assertEquals(RevocationReason.REMOVED_FROM_GROUP, gone.reason());
    }

    @Test
    void brakeHoldsOnlyAboveFractionAndAtLeastMinCount() {
        assertTrue(MemberDiff.exceedsBrake(4, 10, 0.3, 3));
        assertFalse(MemberDiff.exceedsBrake(3, 10, 0.3, 3)); // not more than 30%
        assertFalse(MemberDiff.exceedsBrake(2, 4, 0.3, 3)); // 50% but fewer than minCount
        assertFalse(MemberDiff.exceedsBrake(0, 0, 0.3, 0));
        assertTrue(MemberDiff.exceedsBrake(1, 0, 0.3, 1));
    }

    @Test
    void roleMappingHighestWinsCaseInsensitiveElseDefault() {
        RoleMapping m = new RoleMapping(Map.of("Acme Admins", Role.ADMIN, "Acme Sup", Role.SUPERVISOR), Role.AGENT);
        assertEquals(new RoleMapping.Mapped(Role.ADMIN, true), m.map(List.of("acme sup", " ACME ADMINS ")));
        assertEquals(new RoleMapping.Mapped(Role.SUPERVISOR, true), m.map(List.of("Acme Sup", "Other")));
        assertEquals(new RoleMapping.Mapped(Role.AGENT, false), m.map(List.of("Other")));
    }

    @Test
    void cipherRoundTripsWithFreshNonceAndBindsTheAccount() {
        SecretCipher cipher = new SecretCipher(TEST_KEY);
        byte[] a = cipher.encrypt("acc", "key");
        byte[] b = cipher.encrypt("acc", "key");
        assertFalse(java.util.Arrays.equals(a, b));
        assertEquals("key", cipher.decrypt("acc", a));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> cipher.decrypt("other", a));
        a[a.length - 1] ^= 1;
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> cipher.decrypt("acc", a));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> new SecretCipher("c2hvcnQ="));
    }

    /** An API key stored before key ids (layout 1, written by the earlier SecretCipher with the test key). */
    @Test
    void cipherWhenARowStoredBeforeKeyIdsThenItStillDecryptsAlsoAfterARotation() {
        byte[] stored = java.util.Base64.getDecoder()
                .decode("ATfYr9XDZbopJw7opA5qM2RnEAgPSk5qZ44UuDaczqXfAGG0OgVKL8HpfFRN4yJUug==");
        assertEquals("jc-api-key-from-2025", new SecretCipher(TEST_KEY).decrypt("acme", stored));
        String rotated = "k2:" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + ",k1:" + TEST_KEY;
        assertEquals("jc-api-key-from-2025", new SecretCipher(rotated).decrypt("acme", stored));
    }

    /** {@code %test.gatehouse.directory.encryption-key}. */
    private static final String TEST_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
}
