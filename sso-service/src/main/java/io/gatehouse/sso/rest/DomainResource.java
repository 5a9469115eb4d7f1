package io.gatehouse.sso.rest;

import io.gatehouse.platform.auth.Caller;
import io.gatehouse.platform.problem.ApiException;
import io.gatehouse.sso.domain.Domain;
import io.gatehouse.sso.domain.ManageDomains;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Email domains of an account and their DNS TXT verification (account admins and the operator). */
@Tag(name = "Domains", description = "Email domains of an account and their DNS TXT verification")
@Path("/api/accounts/{accountId}/domains")
@Produces(MediaType.APPLICATION_JSON)
public class DomainResource {
    private final Caller caller;
    private final ManageDomains domains;

    public DomainResource(Caller caller, ManageDomains domains) {
        this.caller = caller;
        this.domains = domains;
    }

    public record DomainRequest(String domain) {}

    public record DomainView(
            String domain,
            String status,
            String txtRecordName,
            String txtRecordValue,
            Instant createdAt,
            Instant verifiedAt) {
        static DomainView of(Domain d) {
            return new DomainView(
                    d.domain(), d.status().name(), d.txtRecordName(), d.txtValue(), d.createdAt(), d.verifiedAt());
        }
    }

    @Operation(summary = "Claim an email domain; answers the TXT record to publish")
    @APIResponseSchema(
            value = DomainView.class,
            responseCode = "201",
            responseDescription = "the domain, PENDING " + "until verified")
    @APIResponse(responseCode = "400", description = "`validation_failed`: not a domain name")
    @APIResponse(responseCode = "409", description = "`domain_taken`: verified by another account")
    @POST
    public Response add(@PathParam("accountId") String accountId, DomainRequest request) {
        caller.requireAccountAdmin(accountId);
        if (request == null) {
            throw ApiException.validation("a JSON body {\"domain\":\"acme.com\"} is required");
        }
        return Response.status(201)
                .entity(DomainView.of(domains.add(accountId, request.domain())))
                .build();
    }

    @Operation(summary = "The account's domains")
    @GET
    public List<DomainView> list(@PathParam("accountId") String accountId) {
        caller.requireAccountAdmin(accountId);
        return domains.list(accountId).stream().map(DomainView::of).toList();
    }

    @Operation(summary = "Look the TXT record up and mark the domain VERIFIED")
    @APIResponseSchema(DomainView.class)
    @APIResponse(responseCode = "404", description = "`not_found`: no such domain for this account")
    @APIResponse(
            responseCode = "409",
            description = "`domain_not_verified`: the TXT record was not found; "
                    + "`domain_taken`: verified by another account")
    @POST
    @Path("/{domain}/verify")
    public DomainView verify(@PathParam("accountId") String accountId, @PathParam("domain") String domain) {
        caller.requireAccountAdmin(accountId);
        return DomainView.of(domains.verify(accountId, domain));
    }
}
