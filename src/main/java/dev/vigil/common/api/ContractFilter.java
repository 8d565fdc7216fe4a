package dev.vigil.common.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.tags.Tag;

import dev.vigil.common.error.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Completes the generated OpenAPI document where annotations cannot say it once for all operations:
 * every error answer is an {@code application/problem+json} {@link Problem}, public operations say
 * they need no credentials ({@code security: []}), the server is a variable, and tags are described.
 *
 * <p>It also makes the answers' schemas say what the wire says: the JSON mapper writes every member
 * of a response record ({@code serialization-inclusion=always}), so every member of a schema that
 * only answers is {@code required}; the members that can be null say so with
 * {@code @Schema(nullable = true)} on the record component. The JWKS, which is written by jose4j
 * rather than from a record, gets its schema here.
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
            "Authentication", "Signing in and out: passwords, TOTP, sign-in links, passkeys, tokens and their keys",
            "Recovery", "Getting back in: verifying addresses, resetting passwords, unlocking, undoing an email change",
            "Me", "The signed-in user: profile, account, sessions, API keys, second factor, passkeys, security events",
            "Check-in", "The check-in switch: interval, reminders, check-ins and trusted contacts",
            "Users", "Public profiles",
            "Admin", "Administration: users, bans, invitations, service keys, the outbox, signing keys, the admin PIN",
            "Link pages", "HTML pages behind the links in Vigil's mails");

    /** Request examples for the main flows, by operationId; members in the order a reader expects. */
    private static final Map<String, Map<String, Object>> EXAMPLES = Map.of(
            "register", ordered("username", "ada", "email", "ada@example.org",
                    "password", "correct horse battery staple", "timezone", "Europe/London"),
            "login", ordered("login", "ada", "password", "correct horse battery staple"),
            "refresh", ordered("refresh_token", "<the refresh_token of the last token pair>"),
            "verifyEmail", ordered("token", "<the token of the link in the verification mail>"),
            "configureCheckIn", ordered("enabled", true, "interval", "P30D", "grace_period", "P7D"),
            "createApiKey", ordered("name", "backup script"));


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
        List<Operation> operations = openAPI.getPaths().getPathItems().values().stream()
                .flatMap(item -> item.getOperations().values().stream())
                .toList();
        operations.forEach(ContractFilter::complete);
        requireEveryAnswerMember(operations, components);
        dropTypeBesideNullableRef(operations, components);
    }

    /**
     * Every object schema an answer (2xx) reaches lists all its members as required: the mapper
     * writes each one, null or not. A schema that a request body reaches too is left as it is (there a
     * member is optional unless the Java type says otherwise), and so are the problem schemas, whose
     * {@code errors} is only written when there are some.
     */
    private static void requireEveryAnswerMember(List<Operation> operations, Components components) {
        Map<String, Schema> named = components.getSchemas();
        Set<Schema> answers = reachable(operations.stream()
                .flatMap(operation -> answerSchemas(operation, code -> code.startsWith("2"))), named);
        Set<Schema> requests = reachable(operations.stream()
                .flatMap(ContractFilter::requestSchemas), named);
        answers.removeAll(requests);
        answers.remove(named.get(PROBLEM));
        answers.remove(named.get(FIELD_ERROR));
        for (Schema schema : answers) {
            if (schema.getProperties() != null && !schema.getProperties().isEmpty()) {
                schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
            }
        }
    }

    /**
     * SmallRye writes a nullable member whose type is a schema of its own (an {@code Instant}, a
     * {@code UUID}) as {@code anyOf: [$ref, {type: null}]} and repeats the referenced type beside it
     * ({@code type: [string, null]}). The repetition adds nothing a validator needs, and
     * openapi-typescript turns it into {@code ((string | Instant | null) | null) | Instant | null};
     * without it the member is {@code Instant | null}.
     */
    private static void dropTypeBesideNullableRef(List<Operation> operations, Components components) {
        Stream<Schema> roots = Stream.concat(components.getSchemas().values().stream(), operations.stream()
                .flatMap(operation -> Stream.concat(requestSchemas(operation),
                        answerSchemas(operation, code -> true))));
        for (Schema schema : reachable(roots, Map.of())) {
            List<Schema> anyOf = schema.getAnyOf();
            if (schema.getType() != null && anyOf != null && anyOf.size() == 2
                    && anyOf.stream().anyMatch(option -> option.getRef() != null)
                    && anyOf.stream().anyMatch(option -> List.of(Schema.SchemaType.NULL).equals(option.getType()))) {
                schema.setType(null);
            }
        }
    }

    private static Stream<Schema> answerSchemas(Operation operation, Predicate<String> codes) {
        if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return Stream.empty();
        }
        return operation.getResponses().getAPIResponses().entrySet().stream()
                .filter(response -> codes.test(response.getKey()))
                .flatMap(response -> schemasOf(response.getValue().getContent()));
    }

    private static Stream<Schema> requestSchemas(Operation operation) {
        return operation.getRequestBody() == null ? Stream.empty() : schemasOf(operation.getRequestBody().getContent());
    }

    private static Stream<Schema> schemasOf(Content content) {
        if (content == null || content.getMediaTypes() == null) {
            return Stream.empty();
        }
        return content.getMediaTypes().values().stream()
                .map(MediaType::getSchema)
                .filter(schema -> schema != null);
    }

    /**
     * The schemas {@code roots} lead to, themselves included: through {@code $ref} (resolved in
     * {@code named}; a reference that is not there is not followed), items, properties, the
     * compositions and a schema for additional properties.
     */
    private static Set<Schema> reachable(Stream<Schema> roots, Map<String, Schema> named) {
        Set<Schema> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Schema> todo = new ArrayList<>(roots.toList());
        while (!todo.isEmpty()) {
            Schema schema = todo.remove(todo.size() - 1);
            if (schema == null || !seen.add(schema)) {
                continue;
            }
            if (schema.getRef() != null && schema.getRef().startsWith(SCHEMAS)) {
                todo.add(named.get(schema.getRef().substring(SCHEMAS.length())));
            }
            todo.add(schema.getItems());
            todo.add(schema.getAdditionalPropertiesSchema());
            if (schema.getProperties() != null) {
                todo.addAll(schema.getProperties().values());
            }
            Stream.of(schema.getOneOf(), schema.getAllOf(), schema.getAnyOf())
                    .filter(list -> list != null)
                    .forEach(todo::addAll);
        }
        return seen;
    }

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

    /** A map that keeps its members in the given order (name, value, name, value, ...). */
    private static Map<String, Object> ordered(Object... namesAndValues) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            members.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return members;
    }
}
