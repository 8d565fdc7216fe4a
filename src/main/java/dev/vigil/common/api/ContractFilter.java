package dev.vigil.common.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.tags.Tag;

import dev.vigil.common.error.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Completes the generated OpenAPI document where annotations cannot say it once for all operations:
 * every error answer is an {@code application/problem+json} {@link Problem}, public operations say
 * they need no credentials ({@code security: []}), the server is a variable, and tags are described.
 *
 * <p>The JWKS, which jose4j writes rather than the JSON mapper from a record, gets its schema here.
 *
 * <p>Runs at build time, so the document stored under {@code target/openapi} (which the TypeScript
 * client is generated from) is the one the service serves.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ContractFilter implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "FieldError";
    private static final String JWK_SET = "JsonWebKeySet";
    private static final String JWK = "JsonWebKey";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String PROBLEM_REF = SCHEMAS + PROBLEM;
    private static final String JWKS_OPERATION = "getJwks";

    private static final Map<String, String> TAGS = Map.of(
            "Registration", "Creating an account and checking whether a username is free",
            "Authentication", "Signing in and out: passwords, TOTP, sign-in links, tokens and their keys",
            "Recovery", "Getting back in: verifying addresses, resetting passwords, unlocking, undoing an email change",
            "Me", "The signed-in user: profile, account, sessions, API keys, second factor, security events",
            "Check-in", "The check-in switch: interval, reminders, check-ins and trusted contacts",
            "Users", "Public profiles",
            "Admin", "Administration: users, bans, invitations, service keys, the outbox, signing keys, the admin PIN",
            "Link pages", "HTML pages behind the links in Vigil's mails");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.setComponents(components);
        components.addSchema(FIELD_ERROR, fieldErrorSchema());
        components.addSchema(PROBLEM, problemSchema());
        components.addSchema(JWK, jwkSchema());
        components.addSchema(JWK_SET, jwkSetSchema());

        openAPI.setServers(List.of(OASFactory.createServer()
                .url("{origin}")
                .description("The Vigil you run: its vigil.public-url")
                .variables(Map.of("origin", OASFactory.createServerVariable()
                        .defaultValue("http://localhost:8080")
                        .description("Scheme, host and port Vigil answers on")))));

        List<Tag> tags = new ArrayList<>();
        TAGS.forEach((name, description) -> tags.add(OASFactory.createTag().name(name).description(description)));
        tags.sort((a, b) -> a.getName().compareTo(b.getName()));
        openAPI.setTags(tags);

        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values()
                .forEach(ContractFilter::complete));
    }

    /** Request examples for the main flows, by operationId. */
    private static final Map<String, Map<String, Object>> EXAMPLES = Map.of(
            "register", Map.of("username", "ada", "email", "ada@example.org",
                    "password", "correct horse battery staple", "timezone", "Europe/London"),
            "login", Map.of("login", "ada", "password", "correct horse battery staple"),
            "refresh", Map.of("refresh_token", "<the refresh_token of the last token pair>"),
            "verifyEmail", Map.of("token", "<the token of the link in the verification mail>"),
            "configureCheckIn", Map.of("enabled", true, "interval", "P30D", "grace_period", "P7D"),
            "createApiKey", Map.of("name", "backup script"));

    private static void complete(Operation operation) {
        Map<String, Object> example = EXAMPLES.get(operation.getOperationId());
        if (example != null && operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().getMediaTypes().values()
                    .forEach(mediaType -> mediaType.setExample(example));
        }
        if (operation.getSecurity() == null) {
            operation.setSecurity(new ArrayList<>()); // public: no credentials needed
        }
        if (JWKS_OPERATION.equals(operation.getOperationId()) && operation.getResponses() != null
                && operation.getResponses().getAPIResponse("200") != null) {
            // The resource answers the JSON text jose4j wrote, a String, which would be documented as a string.
            operation.getResponses().getAPIResponse("200").setContent(OASFactory.createContent()
                    .addMediaType("application/json", OASFactory.createMediaType()
                            .schema(OASFactory.createSchema().ref(SCHEMAS + JWK_SET))));
        }
        if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return;
        }
        operation.getResponses().getAPIResponses().forEach((code, response) -> {
            if (isError(code) && (response.getContent() == null || response.getContent().getMediaTypes() == null
                    || response.getContent().getMediaTypes().isEmpty())) {
                response.setContent(problemContent());
            }
        });
    }

    private static boolean isError(String code) {
        return code.length() == 3 && (code.charAt(0) == '4' || code.charAt(0) == '5');
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
    }

    private static Schema fieldErrorSchema() {
        return OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("One invalid request field")
                .addProperty("field", string("The field's JSON name; nested fields are dotted (account.auto_renewal)"))
                .addProperty("message", string("What is wrong with it"))
                .required(List.of("field", "message"));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("An RFC 9457 problem: the body of every error answer")
                .addProperty("type", string("https://vigil.dev/problems/<slug>; the slug names the problem")
                        .format("uri"))
                .addProperty("title", string("Short, stable summary of the problem type"))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))
                        .description("The HTTP status, repeated"))
                .addProperty("detail", string("This occurrence, safe to show to the user"))
                .addProperty("errors", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .description("The invalid fields (validation-failed only)")
                        .items(OASFactory.createSchema().ref("#/components/schemas/" + FIELD_ERROR)))
                .addProperty("locked_until", dateTime("account-locked: when the lock ends"))
                .addProperty("banned_until", dateTime("account-banned: when the ban ends; null when permanent"))
                .addProperty("reason", string("account-banned: the reason the admin gave"))
                .addProperty(Problem.RETRY_AFTER, OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))
                        .description("rate-limited: seconds to wait, as in the Retry-After header"))
                .required(List.of("type", "title", "status", "detail"))
                .additionalPropertiesBoolean(Boolean.TRUE);
    }

    private static Schema jwkSetSchema() {
        return OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("The public keys that verify access tokens (RFC 7517): the one that signs now, the next"
                        + " one ahead of a rotation and the last one until its tokens have expired")
                .addProperty("keys", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .items(OASFactory.createSchema().ref(SCHEMAS + JWK)))
                .required(List.of("keys"));
    }

    private static Schema jwkSchema() {
        return OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("An EC P-256 public key that verifies ES256 signatures (RFC 7518 section 6.2)")
                .addProperty("kty", constant("EC"))
                .addProperty("kid", string("The kid of the access tokens it verifies"))
                .addProperty("use", constant("sig"))
                .addProperty("alg", constant("ES256"))
                .addProperty("x", string("The x coordinate, base64url"))
                .addProperty("y", string("The y coordinate, base64url"))
                .addProperty("crv", constant("P-256"))
                .required(List.of("kty", "kid", "use", "alg", "x", "y", "crv"));
    }

    private static Schema constant(String value) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).enumeration(List.of(value));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).description(description);
    }

    private static Schema dateTime(String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING, Schema.SchemaType.NULL))
                .format("date-time").description(description);
    }
}
