package io.gatehouse.directory.domain;

import io.gatehouse.directory.client.JumpCloudClientFactory;
import io.gatehouse.directory.client.JumpCloudException;
import io.gatehouse.directory.client.JumpCloudSession;
import io.gatehouse.platform.domain.DomainException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The user groups bound to the account's JumpCloud application, with their names, read from JumpCloud's API with
 * the stored key (the same checks as a sync: a complete connection on an allowed host): what the directory page
 * offers to pick from in the group → role mappings, so nobody has to copy group names or ids by hand.
 */
@ApplicationScoped
public class ListApplicationGroups {
    /** More groups than a mapping form can sensibly offer; the rest are still typed by hand. */
    static final int MAX_GROUPS = 200;

    private final RunSync runSync;
    private final JumpCloudClientFactory clients;

    public ListApplicationGroups(RunSync runSync, JumpCloudClientFactory clients) {
        this.runSync = runSync;
        this.clients = clients;
    }

    public record Group(String id, String name) {}

    /** 404 {@code directory_not_found}, 409 {@code directory_incomplete}, 502 {@code jumpcloud_unavailable}. */
    public List<Group> list(String accountId) {
        RunSync.Target target = runSync.target(accountId);
        ConnectionSettings s = target.settings();
        JumpCloudSession jc = clients.open(s.apiBaseUrl(), target.apiKey(), s.orgId());
        try {
            List<String> ids = new ArrayList<>();
            jc.forEachApplicationGroup(s.applicationId(), id -> {
                if (ids.size() < MAX_GROUPS) {
                    ids.add(id);
                }
            });
            List<Group> groups = new ArrayList<>(ids.size());
            for (String id : ids) {
                groups.add(new Group(id, jc.groupName(id)));
            }
            return groups;
        } catch (JumpCloudException e) {
            throw DomainException.upstreamFailed(
                    "jumpcloud_unavailable", "JumpCloud did not list the application's groups (" + e.code() + ")");
        }
    }
}
