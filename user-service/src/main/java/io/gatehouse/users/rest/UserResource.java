package io.gatehouse.users.rest;

import io.gatehouse.events.Role;
import io.gatehouse.platform.auth.Caller;
import io.gatehouse.platform.problem.ApiException;
import io.gatehouse.users.domain.AccountRepository;
import io.gatehouse.users.domain.AssignRole;
import io.gatehouse.users.domain.ClearRole;
import io.gatehouse.users.domain.RestoreUser;
import io.gatehouse.users.domain.RevokeUser;
import io.gatehouse.users.domain.User;
import io.gatehouse.users.domain.UserRepository;
import io.gatehouse.users.domain.UserStatus;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An account's users: queries for admins, role assignment, manual revoke and restore. */
@Tag(name = "Users", description = "The account's users: roles, revocation and restore")
@Path("/api/accounts/{accountId}/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {
    private final Caller caller;
    private final Actors actors;
    private final AccountRepository accounts;
    private final UserRepository users;
    private final AssignRole assignRole;
    private final ClearRole clearRole;
    private final RevokeUser revokeUser;
    private final RestoreUser restoreUser;

    public UserResource(
            Caller caller,
            Actors actors,
            AccountRepository accounts,
            UserRepository users,
            AssignRole assignRole,
            ClearRole clearRole,
            RevokeUser revokeUser,
            RestoreUser restoreUser) {
        this.caller = caller;
        this.actors = actors;
        this.accounts = accounts;
        this.users = users;
        this.assignRole = assignRole;
        this.clearRole = clearRole;
        this.revokeUser = revokeUser;
        this.restoreUser = restoreUser;
    }

    @Operation(summary = "The users, filtered and by page")
    @APIResponseSchema(UserPage.class)
    @APIResponse(responseCode = "400", description = "`validation_failed`: a parameter is invalid")
    @APIResponse(responseCode = "404", description = "`account_not_found`")
    @GET
    public UserPage list(
            @PathParam("accountId") String accountId,
            @QueryParam("status") String status,
            @QueryParam("role") String role,
            @QueryParam("q") String q,
            @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        requireAdminOfExisting(accountId);
        int p = Params.page(page);
        int s = Params.size(size);
        UserRepository.Result result = users.search(
                accountId,
                Params.optionalEnum(UserStatus.class, status, "status"),
                Params.optionalEnum(Role.class, role, "role"),
                Params.query(q),
                p,
                s);
        return new UserPage(result.items().stream().map(UserView::of).toList(), result.total(), p, s);
    }

    @Operation(summary = "Counts by status, role and source")
    @APIResponseSchema(UserStats.class)
    @APIResponse(responseCode = "404", description = "`account_not_found`")
    @GET
    @Path("/stats")
    public UserStats stats(@PathParam("accountId") String accountId) {
        requireAdminOfExisting(accountId);
        var byStatus = users.countByStatus(accountId);
        long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
        return new UserStats(
                total,
                byStatus,
                users.countByRole(accountId, null),
                users.countByRole(accountId, UserStatus.ACTIVE),
                users.countBySource(accountId));
    }

    @Operation(summary = "One user")
    @APIResponseSchema(UserView.class)
    @APIResponse(responseCode = "404", description = "`account_not_found`; `user_not_found`")
    @GET
    @Path("/{userId}")
    public UserView get(@PathParam("accountId") String accountId, @PathParam("userId") String userId) {
        requireAdminOfExisting(accountId);
        return users.findInAccount(accountId, Params.userId(userId))
                .map(UserView::of)
                .orElseThrow(() -> new ApiException(404, "user_not_found", "No such user in this account"));
    }

    /** Sets a manual role ({@code {"role":"ADMIN"}}) or clears it ({@code {"role":null}}). */
    @Operation(summary = "Set the manual role override (null clears it)")
    @APIResponseSchema(UserView.class)
    @APIResponse(responseCode = "400", description = "`validation_failed`: not a role")
    @APIResponse(
            responseCode = "403",
            description = "`role_escalation`: granting or changing this role is beyond " + "the caller")
    @APIResponse(responseCode = "404", description = "`account_not_found`; `user_not_found`")
    @PUT
    @Path("/{userId}/role")
    @Consumes(MediaType.APPLICATION_JSON)
    public UserView putRole(
            @PathParam("accountId") String accountId, @PathParam("userId") String userId, RoleRequest body) {
        requireAdminOfExisting(accountId);
        UUID id = Params.userId(userId);
        if (body == null) {
            throw Params.invalid("body {\"role\": …} is required (null clears the manual role)");
        }
        User user = body.role() == null
                ? clearRole.apply(accountId, id, actors.current())
                : assignRole.apply(accountId, id, body.role(), actors.current());
        return UserView.of(user);
    }

    @Operation(summary = "Clear the manual role override")
    @APIResponseSchema(UserView.class)
    @APIResponse(
            responseCode = "403",
            description = "`role_escalation`: changing this user's role is beyond the " + "caller")
    @APIResponse(responseCode = "404", description = "`account_not_found`; `user_not_found`")
    @DELETE
    @Path("/{userId}/role")
    public UserView deleteRole(@PathParam("accountId") String accountId, @PathParam("userId") String userId) {
        requireAdminOfExisting(accountId);
        return UserView.of(clearRole.apply(accountId, Params.userId(userId), actors.current()));
    }

    /** An admin takes access away by hand (reason MANUAL); a later directory grant restores it. */
    @Operation(summary = "Revoke the user's access (their tokens stop working)")
    @APIResponseSchema(UserView.class)
    @APIResponse(responseCode = "403", description = "`role_escalation`: revoking this user is beyond the caller")
    @APIResponse(responseCode = "404", description = "`account_not_found`; `user_not_found`")
    @POST
    @Path("/{userId}/revoke")
    public UserView revoke(@PathParam("accountId") String accountId, @PathParam("userId") String userId) {
        requireAdminOfExisting(accountId);
        return UserView.of(revokeUser.byAdmin(accountId, Params.userId(userId), actors.current()));
    }

    @Operation(summary = "Restore a revoked user")
    @APIResponseSchema(UserView.class)
    @APIResponse(responseCode = "403", description = "`role_escalation`: restoring this user is beyond the caller")
    @APIResponse(responseCode = "404", description = "`account_not_found`; `user_not_found`")
    @POST
    @Path("/{userId}/restore")
    public UserView restore(@PathParam("accountId") String accountId, @PathParam("userId") String userId) {
        requireAdminOfExisting(accountId);
        return UserView.of(restoreUser.byAdmin(accountId, Params.userId(userId), actors.current()));
    }

    private void requireAdminOfExisting(String accountId) {
        Params.accountId(accountId);
        caller.requireAccountAdmin(accountId);
        if (accounts.findByIdOptional(accountId).isEmpty()) {
            throw new ApiException(404, "account_not_found", "No such account");
        }
    }
}
