package io.gatehouse.sso.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.platform.auth.Caller;
import io.gatehouse.platform.problem.ApiException;
import io.gatehouse.sso.config.SpUrls;
import io.gatehouse.sso.config.SsoConfig;
import io.gatehouse.sso.domain.ConfigureSsoConnection;
import io.gatehouse.sso.domain.ConnectionRepository;
import io.gatehouse.sso.domain.ImportIdpMetadata;
import io.gatehouse.sso.domain.SsoConnection;
import io.gatehouse.sso.domain.SsoConnectionCommand;
import io.gatehouse.sso.domain.StartLogin;
import io.gatehouse.sso.domain.TestRun;
import io.gatehouse.sso.domain.TestRunRepository;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An account's SAML connection: settings, IdP metadata import, Test Connection. */
@Tag(name = "SSO connection", description = "The account's SAML connection to JumpCloud and its Test Connection")
@Path("/api/accounts/{accountId}/sso")
@Produces(MediaType.APPLICATION_JSON)
public class SsoConnectionResource {
    private final Caller caller;
    private final ConfigureSsoConnection configure;
    private final ImportIdpMetadata metadata;
    private final ConnectionRepository connections;
    private final StartLogin startLogin;
    private final TestRunRepository tests;
    private final SpUrls urls;
    private final SsoConfig config;
    private final Clock clock;
    private final ObjectMapper json;

    public SsoConnectionResource(
            Caller caller,
            ConfigureSsoConnection configure,
            ImportIdpMetadata metadata,
            ConnectionRepository connections,
            StartLogin startLogin,
            TestRunRepository tests,
            SpUrls urls,
            SsoConfig config,
            Clock clock,
            ObjectMapper json) {
        this.caller = caller;
        this.configure = configure;
        this.metadata = metadata;
        this.connections = connections;
        this.startLogin = startLogin;
        this.tests = tests;
        this.urls = urls;
        this.config = config;
        this.clock = clock;
        this.json = json;
    }

    @Operation(summary = "Save the SAML connection settings")
    @APIResponseSchema(SsoConnectionView.class)
    @APIResponse(
            responseCode = "400",
            description = "`validation_failed`: a setting is missing or invalid; "
                    + "`certificate_invalid`: a certificate cannot be read or has expired")
    @APIResponse(responseCode = "403", description = "`plan_required`: the account's plan has no SSO; `forbidden`")
    @APIResponse(responseCode = "409", description = "`domain_not_verified`: enabling SSO needs a verified domain")
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public SsoConnectionView put(@PathParam("accountId") String accountId, SsoConnectionCommand request) {
        caller.requireAccountAdmin(accountId);
        return ConnectionViews.view(configure.save(accountId, request), urls, clock.instant());
    }

    @Operation(summary = "The SAML connection with certificate expiry warnings")
    @APIResponseSchema(SsoConnectionView.class)
    @APIResponse(responseCode = "404", description = "`not_found`: SSO is not configured")
    @GET
    @Transactional
    public SsoConnectionView get(@PathParam("accountId") String accountId) {
        caller.requireAccountAdmin(accountId);
        SsoConnection connection = connections.findById(accountId);
        if (connection == null) {
            throw ApiException.notFound("SSO is not configured for this account");
        }
        return ConnectionViews.view(connection, urls, clock.instant());
    }

    @Operation(summary = "Fill the connection from JumpCloud's IdP metadata XML")
    @APIResponseSchema(SsoConnectionView.class)
    @APIResponse(
            responseCode = "400",
            description = "`validation_failed`: not readable SAML metadata; "
                    + "`certificate_invalid`: no signing certificate")
    @APIResponse(responseCode = "403", description = "`plan_required`: the account's plan has no SSO; `forbidden`")
    @POST
    @Path("/idp-metadata")
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML, MediaType.TEXT_PLAIN, "application/samlmetadata+xml"})
    @Transactional
    public SsoConnectionView importMetadata(@PathParam("accountId") String accountId, String xml) {
        caller.requireAccountAdmin(accountId);
        return ConnectionViews.view(
                metadata.importXml(accountId, xml, config.maxMetadataBytes()), urls, clock.instant());
    }

    public record TestStarted(UUID testId, String loginUrl) {}

    @Operation(summary = "Start a Test Connection: open loginUrl, sign in at JumpCloud, then read the report")
    @APIResponseSchema(TestStarted.class)
    @APIResponse(responseCode = "409", description = "`sso_not_configured`: save the settings first")
    @POST
    @Path("/test")
    public TestStarted test(@PathParam("accountId") String accountId) {
        caller.requireAccountAdmin(accountId);
        StartLogin.TestStart started = startLogin.forTest(accountId);
        String loginUrl = started.start().binding() == SsoConnection.Binding.REDIRECT
                ? started.start().redirectUrl()
                : urls.base() + "/saml/" + accountId + "/test/" + started.testId();
        return new TestStarted(started.testId(), loginUrl);
    }

    @Operation(summary = "The Test Connection report: each check with expected and received values")
    @APIResponseSchema(
            value = io.gatehouse.sso.domain.TestReport.class,
            responseCode = "200",
            responseDescription = "the report")
    @APIResponse(responseCode = "404", description = "`not_found`: no such test")
    @GET
    @Path("/test/{testId}")
    @Transactional
    public JsonNode report(@PathParam("accountId") String accountId, @PathParam("testId") String testId) {
        caller.requireAccountAdmin(accountId);
        UUID id;
        try {
            id = UUID.fromString(testId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no such test");
        }
        TestRun run = tests.findById(id);
        if (run == null || !run.accountId().equals(accountId)) {
            throw ApiException.notFound("no such test");
        }
        if (run.report() == null) {
            return json.valueToTree(Map.of(
                    "testId",
                    id,
                    "accountId",
                    accountId,
                    "status",
                    "PENDING",
                    "createdAt",
                    run.createdAt().toString()));
        }
        try {
            return json.readTree(run.report());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
