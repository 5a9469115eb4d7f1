package io.gatehouse.directory.domain;

import io.gatehouse.events.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * What Gatehouse knows of one member with access: the JumpCloud user id ({@code externalId}), profile, the names
 * of the bound groups the member is in (sorted), and the role mapped from them.
 */
public record MemberState(
        String externalId,
        String email,
        String firstName,
        String lastName,
        List<String> groups,
        Role role,
        boolean roleFromGroup) {

    public MemberState {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /**
     * A 64-bit digest of everything a {@code MemberUpdated} carries, so that a snapshot of 100,000 members can be
     * compared from a compact map (external id → email + fingerprint) instead of full rows.
     */
    public long fingerprint() {
        StringBuilder sb = new StringBuilder(128);
        append(sb, email);
        append(sb, firstName);
        append(sb, lastName);
        for (String g : groups) {
            append(sb, g);
        }
        sb.append('\u0001');
        append(sb, role == null ? null : role.name());
        sb.append(roleFromGroup ? 'T' : 'F');
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void append(StringBuilder sb, String s) {
        sb.append(s == null ? "\u0002" : s).append('\u0000');
    }

    /** The compact form kept in memory during a reconciliation. */
    public SnapshotEntry compact() {
        return new SnapshotEntry(email, fingerprint());
    }
}
