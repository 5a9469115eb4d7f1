package io.gatehouse.directory.rest;

import io.gatehouse.directory.config.DirectoryConfig;
import io.gatehouse.directory.domain.ApproveSync;
import io.gatehouse.directory.domain.ConnectionSettings;
import io.gatehouse.directory.domain.DirectoryConnection;
import io.gatehouse.directory.domain.DirectoryConnectionCommand;
import io.gatehouse.directory.domain.DirectoryConnectionRepository;
import io.gatehouse.directory.domain.IssueScimToken;
import io.gatehouse.directory.domain.ListApplicationGroups;
import io.gatehouse.directory.domain.RunSync;
import io.gatehouse.directory.domain.SaveDirectoryConnection;
import io.gatehouse.directory.domain.SyncRunRepository;
import io.gatehouse.directory.domain.SyncRun;
import io.gatehouse.directory.domain.SyncTrigger;
import io.gatehouse.events.Role;
import io.gatehouse.platform.auth.Caller;
import io.gatehouse.platform.problem.ApiException;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Directory connection, sync runs and SCIM token of an account. Admin of the account or operator. */
@Path("/api/accounts/{accountId}/directory")
@Produces(MediaType.APPLICATION_JSON)
public class DirectoryResource {
    private final Caller caller;
    private final SaveDirectoryConnection save;
    private final DirectoryConnectionRepository connections;
    private final RunSync runSync;
    private final ApproveSync approveSync;
    private final SyncRunRepository runs;
    private final IssueScimToken issueScimToken;
    private final DirectoryConfig config;
    private final ListApplicationGroups listGroups;

    public DirectoryResource(Caller caller, SaveDirectoryConnection save, DirectoryConnectionRepository connections,
                             RunSync runSync, ApproveSync approveSync, SyncRunRepository runs,
                             IssueScimToken issueScimToken, DirectoryConfig config, ListApplicationGroups listGroups) {
        this.listGroups = listGroups;
        this.caller = caller;
        this.save = save;
        this.connections = connections;
        this.runSync = runSync;
        this.approveSync = approveSync;
        this.runs = runs;
        this.issueScimToken = issueScimToken;
        this.config = config;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("accountId") String accountId, DirectoryConnectionCommand body) {
        Caller.Identity who = caller.requireAccountAdmin(accountId);
        SaveDirectoryConnection.Saved saved = save.save(accountId, body, who.operator() || who.role() == Role.OWNER);
        DirectoryConnectionView view = DirectoryConnectionView.of(saved.settings(), saved.provider(),
                IssueScimToken.scimBaseUrl(config, accountId));
        return Response.status(saved.created() ? 201 : 200).entity(view).build();
    }

    @GET
    @Transactional
    public DirectoryConnectionView get(@PathParam("accountId") String accountId) {
        caller.requireAccountAdmin(accountId);
        DirectoryConnection c = connections.findByIdOptional(accountId)
                .orElseThrow(() -> new ApiException(404, "directory_not_found", "no directory connection for this account"));
        return DirectoryConnectionView.of(ConnectionSettings.of(c), c.provider(),
                IssueScimToken.scimBaseUrl(config, accountId));
    }

    /**
     * Starts a sync: 202 with the RUNNING run at once (poll {@code GET …/syncs/{syncId}} for its progress and
     * outcome), or with {@code wait=true} 200 with the finished run, for scripts.
     */
    @POST
    @Path("/sync")
    public Response sync(@PathParam("accountId") String accountId, @QueryParam("dryRun") String dryRun,
                         @QueryParam("wait") String wait) {
        caller.requireAccountAdmin(accountId);
        boolean dry = flag(dryRun, "dryRun", "invalid_dry_run");
        if (flag(wait, "wait", "invalid_wait")) {
            return Response.ok(SyncRunView.summary(runSync.run(accountId, SyncTrigger.MANUAL, dry))).build();
        }
        SyncRun started = runSync.start(accountId, SyncTrigger.MANUAL, dry);
        return Response.accepted(SyncRunView.summary(started))
                .location(URI.create("/api/accounts/" + accountId + "/directory/syncs/" + started.id)).build();
    }

    private static boolean flag(String value, String name, String code) {
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiException.badRequest(code, name + " must be true or false");
    }

    /** The groups bound to the stored JumpCloud application, to pick from in the mappings. */
    @GET
    @Path("/groups")
    public List<ListApplicationGroups.Group> groups(@PathParam("accountId") String accountId) {
        caller.requireAccountAdmin(accountId);
        return listGroups.list(accountId);
    }

    @GET
    @Path("/syncs")
    @Transactional
    public List<SyncRunView> syncs(@PathParam("accountId") String accountId, @QueryParam("limit") Integer limit) {
        caller.requireAccountAdmin(accountId);
        int n = limit == null ? 50 : limit;
        if (n < 1 || n > 500) {
            throw ApiException.badRequest("invalid_limit", "limit must be between 1 and 500");
        }
        return runs.recent(accountId, n).stream().map(SyncRunView::summary).toList();
    }

    @GET
    @Path("/syncs/{syncId}")
    @Transactional
    public SyncRunView syncRun(@PathParam("accountId") String accountId, @PathParam("syncId") String syncId) {
        caller.requireAccountAdmin(accountId);
        return runs.findInAccount(accountId, parseId(syncId)).map(SyncRunView::detail)
                .orElseThrow(() -> new ApiException(404, "sync_not_found", "no such sync run for this account"));
    }

    @POST
    @Path("/syncs/{syncId}/approve")
    public SyncRunView approve(@PathParam("accountId") String accountId, @PathParam("syncId") String syncId) {
        caller.requireAccountAdmin(accountId);
        return SyncRunView.summary(approveSync.approve(accountId, parseId(syncId), caller.actor()));
    }

    @POST
    @Path("/scim-token")
    public IssueScimToken.Issued scimToken(@PathParam("accountId") String accountId) {
        caller.requireAccountAdmin(accountId);
        return issueScimToken.issue(accountId);
    }

    private static UUID parseId(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "sync_not_found", "no such sync run for this account");
        }
    }
}
