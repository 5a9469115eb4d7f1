package io.gatehouse.users.rest;

import io.gatehouse.platform.auth.Caller;
import io.gatehouse.platform.problem.ApiException;
import io.gatehouse.users.domain.AccountRepository;
import io.gatehouse.users.domain.CreateOrUpdateAccount;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Accounts: the operator creates and changes them; members of an account can read it. */
@Tag(name = "Accounts", description = "Accounts (tenants) and their plan")
@Path("/api/accounts/{accountId}")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {
    private final Caller caller;
    private final CreateOrUpdateAccount createOrUpdate;
    private final AccountRepository accounts;
    private final Actors actors;

    public AccountResource(
            Caller caller, CreateOrUpdateAccount createOrUpdate, AccountRepository accounts, Actors actors) {
        this.caller = caller;
        this.createOrUpdate = createOrUpdate;
        this.accounts = accounts;
        this.actors = actors;
    }

    /** 201 when created, 200 when updated (or unchanged). Operator only. */
    @Operation(summary = "Create or update an account (operator only)")
    @APIResponseSchema(
            value = AccountView.class,
            responseCode = "200",
            responseDescription = "updated; 201 when " + "created")
    @APIResponse(responseCode = "400", description = "`validation_failed`: name or plan missing or invalid")
    @APIResponse(responseCode = "403", description = "`forbidden`: only the platform operator")
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("accountId") String accountId, AccountRequest body) {
        caller.requireOperator();
        if (body == null) {
            throw Params.invalid("body with name and plan is required");
        }
        CreateOrUpdateAccount.Result result =
                createOrUpdate.apply(accountId, body.name(), body.plan(), actors.current());
        return Response.status(result.created() ? 201 : 200)
                .entity(AccountView.of(result.account()))
                .build();
    }

    @Operation(summary = "The account")
    @APIResponseSchema(AccountView.class)
    @APIResponse(responseCode = "404", description = "`account_not_found`")
    @GET
    public AccountView get(@PathParam("accountId") String accountId) {
        Params.accountId(accountId);
        caller.requireAccountMember(accountId);
        return accounts.findByIdOptional(accountId)
                .map(AccountView::of)
                .orElseThrow(() -> new ApiException(404, "account_not_found", "No such account"));
    }
}
