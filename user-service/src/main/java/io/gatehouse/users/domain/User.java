package io.gatehouse.users.domain;

import io.gatehouse.events.MemberSource;
import io.gatehouse.events.Role;
import io.gatehouse.events.RoleProvenance;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

/**
 * A person with (or formerly with) access to an account. The effective {@link #role()} follows {@link RoleRule}:
 * manual override &gt; group mapping &gt; directory default &gt; SSO default; {@link #mappedRole()} is the same
 * without the override. Each source of
 * events (directory, login) has its own high-water mark so an older event never undoes a newer one.
 */
@Entity
@Table(name = "app_user")
public class User {
    @Id
    @Column(name = "id")
    private UUID id;

    @Column(name = "account_id", nullable = false, length = 63)
    private String accountId;

    @Column(name = "email", nullable = false, length = 320)
    private String email;

    @Column(name = "first_name", length = 200)
    private String firstName;

    @Column(name = "last_name", length = 200)
    private String lastName;

    @Column(name = "external_id", length = 200)
    private String externalId;

    @Column(name = "name_id", length = 500)
    private String nameId;

    @Enumerated(EnumType.STRING)
    @Column(name = "role", nullable = false, length = 16)
    private Role role;

    @Enumerated(EnumType.STRING)
    @Column(name = "role_provenance", nullable = false, length = 16)
    private RoleProvenance roleProvenance;

    @Enumerated(EnumType.STRING)
    @Column(name = "mapped_role", nullable = false, length = 16)
    private Role mappedRole;

    @Enumerated(EnumType.STRING)
    @Column(name = "mapped_role_provenance", nullable = false, length = 16)
    private RoleProvenance mappedRoleProvenance;

    @Enumerated(EnumType.STRING)
    @Column(name = "manual_role", length = 16)
    private Role manualRole;

    // the inputs of the role rule besides the manual role (RoleRule): each null when absent
    @Enumerated(EnumType.STRING)
    @Column(name = "group_role", length = 16)
    private Role groupRole;

    @Enumerated(EnumType.STRING)
    @Column(name = "directory_default_role", length = 16)
    private Role directoryDefaultRole;

    @Enumerated(EnumType.STRING)
    @Column(name = "sso_default_role", length = 16)
    private Role ssoDefaultRole;

    /** A SCIM event named groups for this user: SCIM group push is on, so SCIM's "no groups" means none. */
    @Column(name = "scim_groups_seen", nullable = false)
    private boolean scimGroupsSeen;

    @Enumerated(EnumType.STRING)
    @Column(name = "role_basis", nullable = false, length = 24)
    private RoleRule.Basis roleBasis;

    // never changed in place (always replaced, handed out as copies), so Hibernate need not deep-copy the JSON
    // value for every loaded or flushed user
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(name = "groups", nullable = false)
    private List<String> groups = new ArrayList<>();

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private UserStatus status;

    @Column(name = "status_reason", length = 32)
    private String statusReason;

    @Column(name = "status_changed_at")
    private Instant statusChangedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "source", nullable = false, length = 16)
    private UserSource source;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "last_login_at")
    private Instant lastLoginAt;

    @Column(name = "last_directory_event_at")
    private Instant lastDirectoryEventAt;

    @Column(name = "last_login_event_at")
    private Instant lastLoginEventAt;

    @Column(name = "profile_updated_at")
    private Instant profileUpdatedAt;

    protected User() {}

    private User(
            String accountId,
            String email,
            String firstName,
            String lastName,
            UserSource source,
            Instant profileAt,
            Instant now) {
        this.id = UUID.randomUUID();
        this.accountId = accountId;
        this.email = email;
        this.firstName = firstName;
        this.lastName = lastName;
        this.status = UserStatus.ACTIVE;
        this.source = source;
        this.profileUpdatedAt = profileAt;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** A new active user created just in time by an SSO login, with the SSO connection's default role. */
    public static User fromLogin(
            String accountId,
            String email,
            String firstName,
            String lastName,
            Role ssoDefaultRole,
            Instant profileAt,
            Instant now) {
        User u = new User(accountId, email, firstName, lastName, UserSource.SSO, profileAt, now);
        u.ssoDefaultRole = Objects.requireNonNull(ssoDefaultRole, "role");
        u.recomputeRole();
        return u;
    }

    /**
     * A new active user created by a directory event: its role is group-mapped ({@code fromGroup}) or the
     * directory's default.
     */
    public static User fromDirectory(
            String accountId,
            String email,
            String firstName,
            String lastName,
            Role role,
            boolean fromGroup,
            MemberSource eventSource,
            List<String> groups,
            UserSource source,
            Instant profileAt,
            Instant now) {
        User u = new User(accountId, email, firstName, lastName, source, profileAt, now);
        u.applyDirectoryRole(role, fromGroup, eventSource, groups, now);
        return u;
    }

    // ---- event ordering ----------------------------------------------------------------------------------

    /** True when a directory event at {@code at} is older than the last applied one (it must be skipped). */
    public boolean isStaleDirectoryEvent(Instant at) {
        return lastDirectoryEventAt != null && at.isBefore(lastDirectoryEventAt);
    }

    public boolean isStaleLoginEvent(Instant at) {
        return lastLoginEventAt != null && at.isBefore(lastLoginEventAt);
    }

    public void markDirectoryEvent(Instant at) {
        lastDirectoryEventAt = at;
    }

    public void markLoginEvent(Instant at) {
        lastLoginEventAt = at;
    }

    // ---- profile -----------------------------------------------------------------------------------------

    /**
     * Applies email (case or address), names (null keeps the current value) from an event that happened at
     * {@code at}; an older profile than the one stored is ignored whichever source sent it. Returns the names of
     * the fields that changed.
     */
    public List<String> updateProfile(
            String newEmail, String newFirstName, String newLastName, Instant at, Instant now) {
        List<String> changed = new ArrayList<>(3);
        if (profileUpdatedAt != null && at.isBefore(profileUpdatedAt)) {
            return changed;
        }
        profileUpdatedAt = at;
        if (newEmail != null && !newEmail.equals(email)) {
            email = newEmail;
            changed.add("email");
        }
        if (newFirstName != null && !newFirstName.equals(firstName)) {
            firstName = newFirstName;
            changed.add("firstName");
        }
        if (newLastName != null && !newLastName.equals(lastName)) {
            lastName = newLastName;
            changed.add("lastName");
        }
        if (!changed.isEmpty()) {
            updatedAt = now;
        }
        return changed;
    }

    public void recordLogin(Instant at, String newNameId, Instant now) {
        if (lastLoginAt == null || at.isAfter(lastLoginAt)) {
            lastLoginAt = at;
        }
        if (newNameId != null) {
            nameId = newNameId;
        }
        updatedAt = now;
    }

    /** Directory membership facts: external id and groups; true when they changed. */
    public boolean updateMembership(String newExternalId, List<String> newGroups, Instant now) {
        boolean changed = false;
        if (newExternalId != null && !newExternalId.equals(externalId)) {
            externalId = newExternalId;
            changed = true;
        }
        List<String> sorted = newGroups == null
                ? List.of()
                : newGroups.stream().sorted().distinct().toList();
        if (!sorted.equals(groups)) {
            groups = new ArrayList<>(sorted);
            changed = true;
        }
        if (changed) {
            updatedAt = now;
        }
        return changed;
    }

    /** The directory manages this user from now on (a grant adopts a user created by an SSO login). */
    public boolean adoptSource(UserSource newSource, Instant now) {
        if (source == newSource || source == UserSource.MANUAL) {
            return false;
        }
        source = newSource;
        updatedAt = now;
        return true;
    }

    // ---- role --------------------------------------------------------------------------------------------

    /**
     * A directory event's role: group-mapped ({@code fromGroup}) or the directory's default. An event that does not
     * speak about groups ({@link RoleRule#speaksAboutGroups}) keeps a group mapping; one that does and maps no
     * group clears it. Returns the change of the effective role, or null.
     */
    public RoleChange applyDirectoryRole(
            Role role, boolean fromGroup, MemberSource eventSource, List<String> eventGroups, Instant now) {
        Objects.requireNonNull(role, "role");
        boolean speaks = RoleRule.speaksAboutGroups(eventSource, eventGroups, scimGroupsSeen);
        if (eventSource == MemberSource.SCIM && eventGroups != null && !eventGroups.isEmpty()) {
            scimGroupsSeen = true;
        }
        if (fromGroup) {
            groupRole = role;
        } else {
            directoryDefaultRole = role;
            if (speaks) {
                groupRole = null;
            }
        }
        return recompute(now);
    }

    /** Whether a directory event from {@code eventSource} naming {@code eventGroups} speaks about groups. */
    public boolean isSpokenAboutGroups(MemberSource eventSource, List<String> eventGroups) {
        return RoleRule.speaksAboutGroups(eventSource, eventGroups, scimGroupsSeen);
    }

    /** Records the SSO connection's default role if none is known yet (a login never changes a known one). */
    public RoleChange recordSsoDefault(Role role, Instant now) {
        if (ssoDefaultRole != null || role == null) {
            return null;
        }
        ssoDefaultRole = role;
        return recompute(now);
    }

    /** An admin's override, kept until {@link #clearManualRole}. */
    public RoleChange setManualRole(Role newRole, Instant now) {
        manualRole = Objects.requireNonNull(newRole, "role");
        return recompute(now);
    }

    public RoleChange clearManualRole(Instant now) {
        manualRole = null;
        return recompute(now);
    }

    private RoleChange recompute(Instant now) {
        Role before = role;
        RoleProvenance beforeProvenance = roleProvenance;
        recomputeRole();
        if (before == role && beforeProvenance == roleProvenance) {
            return null;
        }
        updatedAt = now;
        return new RoleChange(before, beforeProvenance, role, roleProvenance);
    }

    private void recomputeRole() {
        RoleRule.Effective mapped = RoleRule.withoutOverride(groupRole, directoryDefaultRole, ssoDefaultRole);
        mappedRole = mapped.role();
        mappedRoleProvenance = mapped.provenance();
        RoleRule.Effective effective = RoleRule.effective(manualRole, groupRole, directoryDefaultRole, ssoDefaultRole);
        role = effective.role();
        roleProvenance = effective.provenance();
        roleBasis = effective.basis();
    }

    /** A change of the effective role or of its provenance. */
    public record RoleChange(
            Role previousRole, RoleProvenance previousProvenance, Role role, RoleProvenance provenance) {
        public boolean roleChanged() {
            return previousRole != role;
        }
    }

    // ---- status ------------------------------------------------------------------------------------------

    /** ACTIVE → REVOKED; false when already revoked. */
    public boolean revoke(String reason, Instant at, Instant now) {
        if (status == UserStatus.REVOKED) {
            return false;
        }
        status = UserStatus.REVOKED;
        statusReason = reason;
        statusChangedAt = at;
        updatedAt = now;
        return true;
    }

    /** REVOKED → ACTIVE; false when already active. */
    public boolean restore(String reason, Instant at, Instant now) {
        if (status == UserStatus.ACTIVE) {
            return false;
        }
        status = UserStatus.ACTIVE;
        statusReason = reason;
        statusChangedAt = at;
        updatedAt = now;
        return true;
    }

    // ---- accessors ---------------------------------------------------------------------------------------

    public UUID id() {
        return id;
    }

    public String accountId() {
        return accountId;
    }

    public String email() {
        return email;
    }

    public String firstName() {
        return firstName;
    }

    public String lastName() {
        return lastName;
    }

    public String externalId() {
        return externalId;
    }

    public String nameId() {
        return nameId;
    }

    public Role role() {
        return role;
    }

    public RoleProvenance roleProvenance() {
        return roleProvenance;
    }

    public Role mappedRole() {
        return mappedRole;
    }

    public RoleProvenance mappedRoleProvenance() {
        return mappedRoleProvenance;
    }

    public Role manualRole() {
        return manualRole;
    }

    /** Why the user has their effective role (finer than {@link #roleProvenance()}). */
    public RoleRule.Basis roleBasis() {
        return roleBasis;
    }

    public Role groupRole() {
        return groupRole;
    }

    public Role directoryDefaultRole() {
        return directoryDefaultRole;
    }

    public Role ssoDefaultRole() {
        return ssoDefaultRole;
    }

    public List<String> groups() {
        return List.copyOf(groups);
    }

    public UserStatus status() {
        return status;
    }

    public String statusReason() {
        return statusReason;
    }

    public Instant statusChangedAt() {
        return statusChangedAt;
    }

    public UserSource source() {
        return source;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant lastLoginAt() {
        return lastLoginAt;
    }

    public Instant lastDirectoryEventAt() {
        return lastDirectoryEventAt;
    }

    public Instant lastLoginEventAt() {
        return lastLoginEventAt;
    }
}
