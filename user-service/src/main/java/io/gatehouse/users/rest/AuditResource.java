package io.gatehouse.users.rest;

import io.gatehouse.platform.auth.Caller;
import io.gatehouse.platform.problem.ApiException;
import io.gatehouse.users.domain.AccountRepository;
import io.gatehouse.users.domain.AuditRepository;
import io.gatehouse.users.domain.AuditType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The account's audit trail, newest first, for its admins and the operator. */
@Tag(name = "Audit", description = "Who changed whose access, and why")
@Path("/api/accounts/{accountId}/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private final Caller caller;
    private final AccountRepository accounts;
    private final AuditRepository audit;

    public AuditResource(Caller caller, AccountRepository accounts, AuditRepository audit) {
        this.caller = caller;
        this.accounts = accounts;
        this.audit = audit;
    }

    @Operation(summary = "The audit trail, newest first, by page")
    @APIResponseSchema(AuditPage.class)
    @APIResponse(responseCode = "400", description = "`validation_failed`: a parameter is invalid")
    @APIResponse(responseCode = "404", description = "`account_not_found`")
    @GET
    public AuditPage list(
            @PathParam("accountId") String accountId,
            @QueryParam("since") String since,
            @QueryParam("type") String type,
            @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        Params.accountId(accountId);
        caller.requireAccountAdmin(accountId);
        if (accounts.findByIdOptional(accountId).isEmpty()) {
            throw new ApiException(404, "account_not_found", "No such account");
        }
        int p = Params.page(page);
        int s = Params.size(size);
        AuditRepository.Result result = audit.search(
                accountId,
                Params.optionalInstant(since, "since"),
                Params.optionalEnum(AuditType.class, type, "type"),
                p,
                s);
        return new AuditPage(result.items().stream().map(AuditEntryView::of).toList(), result.total(), p, s);
    }
}
