package io.gatehouse.platform.openapi;

import io.gatehouse.platform.problem.Problem;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes every service's OpenAPI document (registered with {@code mp.openapi.filter}) with what is the same for
 * every admin endpoint, so resources only annotate what is their own (summary, tag, typed response, their codes):
 * <ul>
 *   <li>the {@code Problem} schema (RFC 9457 with the stable {@code code}) as the {@code application/problem+json}
 *       body of every 4xx/5xx response of {@code /api/…};</li>
 *   <li>the two bearer schemes, {@value #OPERATOR} (the operator token) and {@value #ACCOUNT_JWT} (an account JWT
 *       issued by sso-service), either accepted by every {@code /api/…} operation that names no scheme of its own
 *       (sso-service's session endpoints name {@value #SESSION_COOKIE});</li>
 *   <li>on the bearer endpoints, the refusals of platform's {@code Caller}: 401 {@code unauthorized} / {@code token_revoked} /
 *       {@code token_stale} and 403 {@code forbidden}, and 400 {@code invalid_body} / {@code malformed_json} on
 *       operations that take a body.</li>
 * </ul>
 */
public class ProblemResponses implements OASFilter {
    public static final String OPERATOR = "operatorToken";
    public static final String ACCOUNT_JWT = "accountJwt";
    public static final String SESSION_COOKIE = "sessionCookie";
    static final String API_PREFIX = "/api/";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components =
                openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.setComponents(components);
        components.addSchema("Problem", problemSchema());
        components.addSecurityScheme(
                OPERATOR,
                OASFactory.createSecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("The platform operator token (gatehouse.operator-token)"));
        components.addSecurityScheme(
                ACCOUNT_JWT,
                OASFactory.createSecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description(
                                "An RS256 account JWT from sso-service (POST /api/session/token), audience of this service"));
        components.addSecurityScheme(
                SESSION_COOKIE,
                OASFactory.createSecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.COOKIE)
                        .name("GH_SESSION")
                        .description("The console's session cookie, set by the SAML sign-in"));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith(API_PREFIX)) {
                item.getOperations().forEach((method, operation) -> complete(method, operation));
            }
        });
    }

    private static void complete(PathItem.HttpMethod method, Operation operation) {
        APIResponses responses =
                operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        operation.setResponses(responses);
        if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
            operation.addSecurityRequirement(
                    OASFactory.createSecurityRequirement().addScheme(ACCOUNT_JWT));
            operation.addSecurityRequirement(
                    OASFactory.createSecurityRequirement().addScheme(OPERATOR));
            addIfAbsent(
                    responses,
                    "401",
                    "`unauthorized`: no valid bearer token; `token_revoked`: its user's access"
                            + " was revoked; `token_stale`: issued before its user's last role or access change");
            addIfAbsent(responses, "403", "`forbidden`: the token is for another account or its role is too low");
        }
        if (operation.getRequestBody() != null) {
            addIfAbsent(responses, "400", "`malformed_json`, `invalid_body`: the body is not the JSON described");
        }
        for (Map.Entry<String, APIResponse> response :
                responses.getAPIResponses().entrySet()) {
            if (isError(response.getKey()) && response.getValue().getContent() == null) {
                response.getValue()
                        .setContent(OASFactory.createContent()
                                .addMediaType(
                                        Problem.MEDIA_TYPE,
                                        OASFactory.createMediaType()
                                                .schema(OASFactory.createSchema()
                                                        .ref(PROBLEM_REF))));
            }
        }
    }

    private static void addIfAbsent(APIResponses responses, String status, String description) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        }
    }

    private static boolean isError(String status) {
        return status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
    }

    private static Schema problemSchema() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details with Gatehouse's stable snake_case code; never a stack trace")
                .required(List.of("type", "title", "status", "code"))
                .addProperty("type", string.description("urn:gatehouse:problem:<code>"))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty(
                        "code",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .description("stable snake_case code, e.g. domain_not_verified"));
    }
}
