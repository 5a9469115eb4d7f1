package io.gatehouse.simulator.domain;

import java.util.Set;
import java.util.TreeSet;

/** A Custom SAML application: settings, bound groups and the IdP signing keys. Mutated only by the Directory. */
public final class SimApp {

    private final String id;
    private AppSettings settings;
    private SigningKey activeKey;
    private SigningKey previousKey;
    private final TreeSet<String> groupIds = new TreeSet<>();

    public SimApp(String id, AppSettings settings, SigningKey activeKey) {
        this.id = id;
        this.settings = settings;
        this.activeKey = activeKey;
    }

    public String id() {
        return id;
    }

    public AppSettings settings() {
        return settings;
    }

    public SigningKey activeKey() {
        return activeKey;
    }

    /** The key kept during a rotation, or null. */
    public SigningKey previousKey() {
        return previousKey;
    }

    public Set<String> groupIds() {
        return groupIds;
    }

    void settings(AppSettings newSettings) {
        this.settings = newSettings;
    }

    void rotate(SigningKey next) {
        this.previousKey = activeKey;
        this.activeKey = next;
    }

    void dropPreviousKey() {
        this.previousKey = null;
    }
}
