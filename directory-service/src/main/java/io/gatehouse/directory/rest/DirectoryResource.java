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
import io.gatehouse.directory.domain.SyncRun;
import io.gatehouse.directory.domain.SyncRunRepository;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Directory connection, sync runs and SCIM token of an account. Admin of the account or operator. */
@Tag(name = "Directory", description = "The account's JumpCloud connection, its syncs and SCIM token")
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

    public DirectoryResource(
            Caller caller,
            SaveDirectoryConnection save,
            DirectoryConnectionRepository connections,
            RunSync runSync,
            ApproveSync approveSync,
            SyncRunRepository runs,
            IssueScimToken issueScimToken,
            DirectoryConfig config,
            ListApplicationGroups listGroups) {
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

    @Operation(summary = "Create or update the JumpCloud connection")
    @APIResponseSchema(
            value = DirectoryConnectionView.class,
            responseCode = "200",
            responseDescription = "updated; " + "201 when created")
    @APIResponse(
            responseCode = "400",
            description = "`validation_failed`, `unsupported_provider`, "
                    + "`api_key_required`, `invalid_api_key`, `invalid_api_base_url`, `api_base_url_not_allowed`, "
                    + "`invalid_org_id`, `invalid_application_id`, `invalid_sync_interval`, `invalid_revoke_brake`, "
                    + "`invalid_group_role_mapping`, `invalid_default_role`")
    @APIResponse(
            responseCode = "403",
            description = "`role_escalation`: only the operator or an OWNER maps a group " + "to OWNER; `forbidden`")
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("accountId") String accountId, DirectoryConnectionCommand body) {
        Caller.Identity who = caller.requireAccountAdmin(accountId);
        SaveDirectoryConnection.Saved saved = save.save(accountId, body, who.operator() || who.role() == Role.OWNER);
        DirectoryConnectionView view = DirectoryConnectionView.of(
                saved.settings(),
                saved.provider(),
                IssueScimToken.scimBaseUrl(config, accountId),
                config.scim().testUserEmail());
        return Response.status(saved.created() ? 201 : 200).entity(view).build();
    }

    @Operation(summary = "The JumpCloud connection (never the API key)")
    @APIResponseSchema(DirectoryConnectionView.class)
    @APIResponse(responseCode = "404", description = "`directory_not_found`")
    @GET
    @Transactional
    public DirectoryConnectionView get(@PathParam("accountId") String accountId) {
        caller.requireAccountAdmin(accountId);
        DirectoryConnection c = connections
                .findByIdOptional(accountId)
                .orElseThrow(
                        () -> new ApiException(404, "directory_not_found", "no directory connection for this account"));
        return DirectoryConnectionView.of(
                ConnectionSettings.of(c),
                c.provider(),
                IssueScimToken.scimBaseUrl(config, accountId),
                config.scim().testUserEmail());
    }

    /**
     * Starts a sync: 202 with the RUNNING run at once (poll {@code GET …/syncs/{syncId}} for its progress and
     * outcome), or with {@code wait=true} 200 with the finished run, for scripts.
     */
    @Operation(summary = "Sync now: 202 with the RUNNING run at once, or with wait=true 200 with the finished run")
    @APIResponseSchema(
            value = SyncRunView.class,
            responseCode = "202",
            responseDescription = "the RUNNING run; 200 " + "with the finished run when wait=true")
    @APIResponse(responseCode = "400", description = "`invalid_dry_run`, `invalid_wait`: not true or false")
    @APIResponse(responseCode = "404", description = "`directory_not_found`")
    @APIResponse(
            responseCode = "409",
            description = "`directory_incomplete`, `api_base_url_not_allowed`, " + "`sync_in_progress`")
    @APIResponse(responseCode = "503", description = "`sync_busy`: every sync thread is busy")
    @POST
    @Path("/sync")
    public Response sync(
            @PathParam("accountId") String accountId,
            @QueryParam("dryRun") String dryRun,
            @QueryParam("wait") String wait) {
        caller.requireAccountAdmin(accountId);
        boolean dry = flag(dryRun, "dryRun", "invalid_dry_run");
        if (flag(wait, "wait", "invalid_wait")) {
            return Response.ok(SyncRunView.summary(runSync.run(accountId, SyncTrigger.MANUAL, dry)))
                    .build();
        }
        SyncRun started = runSync.start(accountId, SyncTrigger.MANUAL, dry);
        return Response.accepted(SyncRunView.summary(started))
                .location(URI.create("/api/accounts/" + accountId + "/directory/syncs/" + started.id()))
                .build();
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
    @Operation(summary = "The JumpCloud groups bound to the application, for the mappings")
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            schema =
                                    @Schema(
                                            type = SchemaType.ARRAY,
                                            implementation = ListApplicationGroups.Group.class)))
    @APIResponse(responseCode = "404", description = "`directory_not_found`")
    @APIResponse(responseCode = "409", description = "`directory_incomplete`")
    @APIResponse(responseCode = "502", description = "`jumpcloud_unavailable`: JumpCloud's API did not answer")
    @GET
    @Path("/groups")
    public List<ListApplicationGroups.Group> groups(@PathParam("accountId") String accountId) {
        caller.requireAccountAdmin(accountId);
        return listGroups.list(accountId);
    }

    @Operation(summary = "The latest sync runs")
    @APIResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = SyncRunView.class)))
    @APIResponse(responseCode = "400", description = "`invalid_limit`: between 1 and 500")
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

    @Operation(summary = "One sync run with its progress and, when HELD or DRY_RUN, its plan")
    @APIResponseSchema(SyncRunView.class)
    @APIResponse(responseCode = "404", description = "`sync_not_found`")
    @GET
    @Path("/syncs/{syncId}")
    @Transactional
    public SyncRunView syncRun(@PathParam("accountId") String accountId, @PathParam("syncId") String syncId) {
        caller.requireAccountAdmin(accountId);
        return runs.findInAccount(accountId, parseId(syncId))
                .map(SyncRunView::detail)
                .orElseThrow(() -> new ApiException(404, "sync_not_found", "no such sync run for this account"));
    }

    @Operation(summary = "Apply a HELD sync (the revocation brake held it)")
    @APIResponseSchema(SyncRunView.class)
    @APIResponse(responseCode = "404", description = "`sync_not_found`")
    @APIResponse(
            responseCode = "409",
            description = "`sync_not_held`, `sync_in_progress`, `sync_stale`: the "
                    + "directory changed since it was planned")
    @POST
    @Path("/syncs/{syncId}/approve")
    public SyncRunView approve(@PathParam("accountId") String accountId, @PathParam("syncId") String syncId) {
        caller.requireAccountAdmin(accountId);
        return SyncRunView.summary(approveSync.approve(accountId, parseId(syncId), caller.actor()));
    }

    @Operation(summary = "Issue the SCIM bearer token (shown once; the previous one stops working)")
    @APIResponseSchema(IssueScimToken.Issued.class)
    @APIResponse(responseCode = "404", description = "`directory_not_found`")
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
