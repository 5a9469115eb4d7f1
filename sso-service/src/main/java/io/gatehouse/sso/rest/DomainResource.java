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

/** Email domains of an account and their DNS TXT verification (account admins and the operator). */
@Path("/api/accounts/{accountId}/domains")
@Produces(MediaType.APPLICATION_JSON)
public class DomainResource {
    private final Caller caller;
    private final ManageDomains domains;

    public DomainResource(Caller caller, ManageDomains domains) {
        this.caller = caller;
        this.domains = domains;
    }

    public record DomainRequest(String domain) {
    }

    public record DomainView(String domain, String status, String txtRecordName, String txtRecordValue,
                             Instant createdAt, Instant verifiedAt) {
        static DomainView of(Domain d) {
            return new DomainView(d.domain, d.status.name(), d.txtRecordName(), d.txtValue, d.createdAt, d.verifiedAt);
        }
    }

    @POST
    public Response add(@PathParam("accountId") String accountId, DomainRequest request) {
        caller.requireAccountAdmin(accountId);
        if (request == null) {
            throw ApiException.validation("a JSON body {\"domain\":\"acme.com\"} is required");
        }
        return Response.status(201).entity(DomainView.of(domains.add(accountId, request.domain()))).build();
    }

    @GET
    public List<DomainView> list(@PathParam("accountId") String accountId) {
        caller.requireAccountAdmin(accountId);
        return domains.list(accountId).stream().map(DomainView::of).toList();
    }

    @POST
    @Path("/{domain}/verify")
    public DomainView verify(@PathParam("accountId") String accountId, @PathParam("domain") String domain) {
        caller.requireAccountAdmin(accountId);
        return DomainView.of(domains.verify(accountId, domain));
    }
}
