package io.gatehouse.directory.domain;

import io.gatehouse.events.Role;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Group name → role, highest role wins when a member is in several mapped groups; the default role (not from a
 * group) when none maps. Group names match case-insensitively, ignoring surrounding blanks.
 */
public final class RoleMapping {
    private final Map<String, Role> byName = new HashMap<>();
    private final Role defaultRole;

    public RoleMapping(Map<String, Role> mappings, Role defaultRole) {
        mappings.forEach((name, role) -> byName.put(normalise(name), role));
        this.defaultRole = defaultRole;
    }

    public record Mapped(Role role, boolean fromGroup) {}

    public Mapped map(Collection<String> groups) {
        Role best = null;
        for (String g : groups) {
            best = Role.highest(best, byName.get(normalise(g)));
        }
        return best == null ? new Mapped(defaultRole, false) : new Mapped(best, true);
    }

    static String normalise(String name) {
        return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    }
}
