package io.gatehouse.simulator.domain;

import java.util.Set;
import java.util.TreeSet;

/**
 * A user group. Direct members are users and (nested) groups; a dynamic group also has the users its rule matches.
 * Mutable: only the {@link Directory} touches it, under its lock.
 */
public final class SimGroup {

    private final String id;
    private String name;
    private String description;
    private DynamicRule dynamicRule;
    private final TreeSet<String> userIds = new TreeSet<>();
    private final TreeSet<String> memberGroupIds = new TreeSet<>();

    public SimGroup(String id, String name, String description, DynamicRule dynamicRule) {
        this.id = id;
        this.name = name;
        this.description = description == null ? "" : description;
        this.dynamicRule = dynamicRule;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public DynamicRule dynamicRule() {
        return dynamicRule;
    }

    /** {@code STATIC} or, with a rule, {@code DYNAMIC_AUTOMATED}. */
    public String membershipMethod() {
        return dynamicRule == null ? "STATIC" : "DYNAMIC_AUTOMATED";
    }

    public Set<String> userIds() {
        return userIds;
    }

    public Set<String> memberGroupIds() {
        return memberGroupIds;
    }

    void rename(String newName) {
        this.name = newName;
    }
}
