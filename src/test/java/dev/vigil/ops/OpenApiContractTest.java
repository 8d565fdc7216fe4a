package dev.vigil.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vigil.support.Api;
import dev.vigil.support.Api.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The OpenAPI document is what a client generator reads, so it must be the wire: names as sent,
 * no framework types, a schema for every answer and the problem schema for every error.
 */
@QuarkusTest
class OpenApiContractTest {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Set<String> FRAMEWORK_TYPES = Set.of("HttpServerRequest", "JsonNode", "JsonNodeType",
            "ObjectNode", "Uni", "Multi", "RestResponse", "Response", "Object", "MultiMap", "RoutingContext");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Set<String> WITHOUT_BODY = Set.of("204", "303");

    private static JsonNode document;

    /** Read once per class; the port is known only once Quarkus has started, hence not in a static @BeforeAll. */
    @BeforeEach
    void readDocument() throws Exception {
        if (document == null) {
            document = new ObjectMapper().readTree(given().accept("application/json").get("/q/openapi")
                    .then().statusCode(200).extract().asString());
        }
    }

    @Test
    void everyPropertyAndParameterIsNamedAsOnTheWire() {
        List<String> camel = new ArrayList<>();
        collectPropertyNames(document, "", camel);
        operations().forEach(op -> op.node().path("parameters").forEach(parameter -> {
            String name = parameter.path("name").asText();
            if (!parameter.path("in").asText().equals("header") && !SNAKE_CASE.matcher(name).matches()) {
                camel.add(op.name() + " parameter " + name);
            }
        }));
        assertEquals(List.of(), camel, "names that are not snake_case");
    }

    @Test
    void noSchemaIsAFrameworkType() {
        List<String> found = new ArrayList<>();
        document.path("components").path("schemas").fieldNames().forEachRemaining(name -> {
            if (FRAMEWORK_TYPES.contains(name)) {
                found.add("components.schemas." + name);
            }
        });
        collectRefs(document, "", found);
        assertEquals(List.of(), found, "framework types in the document");
    }

    @Test
    void everyOperationIsNamedTaggedAndDescribedOnce() {
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Op op : operations()) {
            String id = op.node().path("operationId").asText("");
            if (id.isEmpty() || !ids.add(id)) {
                problems.add(op.name() + " operationId '" + id + "' missing or repeated");
            }
            if (op.node().path("summary").asText("").isBlank()) {
                problems.add(op.name() + " has no summary");
            }
            if (!op.node().path("tags").isArray() || op.node().path("tags").isEmpty()) {
                problems.add(op.name() + " has no tag");
            }
        }
        Set<String> described = new TreeSet<>();
        document.path("tags").forEach(tag -> {
            if (!tag.path("description").asText("").isBlank()) {
                described.add(tag.path("name").asText());
            }
        });
        operations().forEach(op -> op.node().path("tags").forEach(tag -> {
            if (!described.contains(tag.asText())) {
                problems.add(op.name() + " uses the undescribed tag " + tag.asText());
            }
        }));
        assertEquals(List.of(), problems);
        assertTrue(ids.size() > 60, "the document lists every operation: " + ids.size());
    }

    @Test
    void everyAnswerHasASchemaAndEveryErrorIsAProblem() {
        List<String> problems = new ArrayList<>();
        for (Op op : operations()) {
            op.node().path("responses").fields().forEachRemaining(response -> {
                String code = response.getKey();
                JsonNode content = response.getValue().path("content");
                if (code.startsWith("4") || code.startsWith("5")) {
                    if (!content.path("application/problem+json").path("schema").path("$ref").asText()
                            .equals("#/components/schemas/Problem")) {
                        problems.add(op.name() + " " + code + " is not a Problem");
                    }
                } else if (!WITHOUT_BODY.contains(code)) {
                    if (content.isEmpty() || !everyMediaTypeHasASchema(content)) {
                        problems.add(op.name() + " " + code + " has no schema");
                    }
                }
            });
            JsonNode body = op.node().path("requestBody").path("content");
            if (!body.isMissingNode() && (!everyMediaTypeHasASchema(body) || body.has("*/*"))) {
                problems.add(op.name() + " has an untyped request body");
            }
        }
        assertEquals(List.of(), problems);
        JsonNode problem = document.path("components").path("schemas").path("Problem").path("properties");
        for (String member : List.of("type", "title", "status", "detail", "errors", "locked_until", "banned_until",
                "reason", "retry_after")) {
            assertTrue(problem.has(member), "Problem lists " + member);
        }
    }

    @Test
    void publicOperationsSaySoAndTheOthersNameTheBearerScheme() {
        for (Op op : operations()) {
            assertTrue(op.node().path("security").isArray(), op.name() + " states its security");
        }
        assertEquals(0, security("/api/v1/auth/login", "post").size());
        assertEquals(0, security("/api/v1/auth/register", "post").size());
        assertEquals(0, security("/api/v1/auth/refresh", "post").size());
        assertTrue(security("/api/v1/me", "get").get(0).has("bearer"));
        assertTrue(security("/api/v1/admin/users", "get").get(0).has("bearer"));
        assertTrue(document.path("servers").size() > 0, "servers are listed");
    }

    @Test
    void theMeAndLoginAnswersHaveExactlyTheDocumentedMembers() throws Exception {
        TestUser user = Api.verified();
        String loginBody = given().contentType("application/json")
                .body(Map.of("login", user.username(), "password", user.password()))
                .post("/api/v1/auth/login").then().statusCode(200).extract().asString();
        String accessToken = new ObjectMapper().readTree(loginBody).path("access_token").asText();
        String meBody = Api.as(accessToken).get("/api/v1/me").then().statusCode(200).extract().asString();

        List<String> loginShapes = new ArrayList<>();
        document.path("components").path("schemas").path("LoginResponse").path("oneOf")
                .forEach(shape -> loginShapes.add(shape.path("$ref").asText()));
        assertEquals(List.of("#/components/schemas/TokenPair", "#/components/schemas/MfaChallengeResponse"), loginShapes);
        assertSameMembers("TokenPair", new ObjectMapper().readTree(loginBody), "login");
        assertSameMembers("UserResponse", new ObjectMapper().readTree(meBody), "me");
    }

    /**
     * The mapper writes every member of an answer, null or not, so a generated client may rely on each
     * one being there: every object schema an answer reaches requires all its members. Schemas a request
     * reaches too keep their own list, and so does Problem, whose errors is only written when there are some.
     */
    @Test
    void everyMemberOfAnAnswerIsRequired() {
        Map<String, JsonNode> answers = new TreeMap<>();
        Map<String, JsonNode> requests = new TreeMap<>();
        for (Op op : operations()) {
            op.node().path("responses").fields().forEachRemaining(response -> {
                if (response.getKey().startsWith("2")) {
                    response.getValue().path("content").forEach(media -> reach(media.path("schema"),
                            op.name() + " " + response.getKey(), answers));
                }
            });
            op.node().path("requestBody").path("content").forEach(media -> reach(media.path("schema"),
                    op.name() + " request", requests));
        }
        requests.keySet().forEach(answers::remove);
        answers.remove("Problem");
        answers.remove("FieldError");
        List<String> notRequired = new ArrayList<>();
        answers.forEach((where, schema) -> {
            Set<String> members = new TreeSet<>();
            schema.path("properties").fieldNames().forEachRemaining(members::add);
            Set<String> required = new TreeSet<>();
            schema.path("required").forEach(name -> required.add(name.asText()));
            if (!members.equals(required)) {
                notRequired.add(where + " requires " + required + " of " + members);
            }
        });
        assertEquals(List.of(), notRequired);
        assertTrue(answers.keySet().containsAll(List.of("UserResponse", "AccountResponse", "ReminderResponse",
                "JsonWebKey")), answers.keySet().toString());
    }

    /**
     * OpenAPI 3.1 has no {@code nullable}: a member that can be null lists "null" among its types, or,
     * when its type is a schema of its own, is {@code anyOf} that schema and null, with nothing beside
     * it that openapi-typescript would turn into a second, wider type.
     */
    @Test
    void nullIsSaidTheOpenApi31Way() {
        List<String> problems = new ArrayList<>();
        collectNullables(document.path("components"), "components", problems);
        collectNullables(document.path("paths"), "paths", problems);
        assertEquals(List.of(), problems);
        JsonNode lastLogin = document.at("/components/schemas/UserResponse/properties/last_login_at");
        assertEquals("#/components/schemas/Instant", lastLogin.at("/anyOf/0/$ref").asText(), lastLogin.toString());
        assertEquals("null", lastLogin.at("/anyOf/1/type").asText(), lastLogin.toString());
    }

    /** Every member the wire carries is documented, and every documented member is on the wire. */
    private static void assertSameMembers(String schemaName, JsonNode actual, String path) {
        JsonNode schema = document.path("components").path("schemas").path(schemaName);
        Set<String> documented = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(documented::add);
        Set<String> sent = new TreeSet<>();
        actual.fieldNames().forEachRemaining(sent::add);
        assertEquals(documented, sent, path + " members against " + schemaName);
        schema.path("properties").fields().forEachRemaining(property -> {
            String ref = property.getValue().path("$ref").asText("");
            JsonNode value = actual.path(property.getKey());
            if (ref.startsWith("#/components/schemas/") && value.isObject()) {
                String nested = ref.substring("#/components/schemas/".length());
                if (document.path("components").path("schemas").path(nested).has("properties")) {
                    assertSameMembers(nested, value, path + "." + property.getKey());
                }
            }
        });
    }

    /**
     * Notes each object schema with members that {@code schema} leads to: components by name, inline
     * ones by where they are.
     */
    private static void reach(JsonNode schema, String where, Map<String, JsonNode> found) {
        if (!schema.isObject()) {
            return;
        }
        String ref = schema.path("$ref").asText("");
        if (ref.startsWith("#/components/schemas/")) {
            String name = ref.substring("#/components/schemas/".length());
            if (!found.containsKey(name)) {
                JsonNode target = document.path("components").path("schemas").path(name);
                found.put(name, target);
                reach(target, name, found);
            }
            return;
        }
        if (schema.has("properties")) {
            found.putIfAbsent(where, schema);
            schema.get("properties").fields().forEachRemaining(property ->
                    reach(property.getValue(), where + "." + property.getKey(), found));
        }
        reach(schema.path("items"), where + "[]", found);
        reach(schema.path("additionalProperties"), where + "{}", found);
        for (String composition : List.of("oneOf", "anyOf", "allOf")) {
            schema.path(composition).forEach(option -> reach(option, where + "." + composition, found));
        }
    }

    private static void collectNullables(JsonNode node, String where, List<String> problems) {
        if (node.isObject()) {
            if (node.has("nullable")) {
                problems.add(where + " uses nullable, which OpenAPI 3.1 does not know");
            }
            boolean anyOfNull = false;
            for (JsonNode option : node.path("anyOf")) {
                anyOfNull |= option.path("type").asText().equals("null");
            }
            if (anyOfNull && (node.has("type") || node.get("anyOf").size() != 2)) {
                problems.add(where + " is " + node + ", not anyOf [schema, null] alone");
            }
            node.fields().forEachRemaining(field -> {
                if (!field.getKey().equals("example") && !field.getKey().equals("examples")) {
                    collectNullables(field.getValue(), where + "." + field.getKey(), problems);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectNullables(element, where + "[]", problems));
        }
    }

    private static JsonNode security(String path, String method) {
        return document.path("paths").path(path).path(method).path("security");
    }

    private static boolean everyMediaTypeHasASchema(JsonNode content) {
        for (Iterator<JsonNode> it = content.elements(); it.hasNext();) {
            JsonNode schema = it.next().path("schema");
            if (schema.isMissingNode() || schema.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private record Op(String name, JsonNode node) {
    }

    /** Vigil's operations; the suite's own resources under /test- are not part of the product. */
    private static List<Op> operations() {
        List<Op> ops = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            if (METHODS.contains(method.getKey()) && !path.getKey().startsWith("/test-")) {
                ops.add(new Op(method.getKey().toUpperCase() + " " + path.getKey(), method.getValue()));
            }
        }));
        return ops;
    }

    private static void collectPropertyNames(JsonNode node, String where, List<String> notSnake) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("properties") && field.getValue().isObject()) {
                    field.getValue().fieldNames().forEachRemaining(name -> {
                        if (!SNAKE_CASE.matcher(name).matches()) {
                            notSnake.add(where + ".properties." + name);
                        }
                    });
                }
                if (!field.getKey().equals("example") && !field.getKey().equals("examples")) {
                    collectPropertyNames(field.getValue(), where + "." + field.getKey(), notSnake);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectPropertyNames(element, where + "[]", notSnake));
        }
    }

    private static void collectRefs(JsonNode node, String where, List<String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    String target = field.getValue().asText();
                    if (FRAMEWORK_TYPES.contains(target.substring(target.lastIndexOf('/') + 1))) {
                        found.add(where + " -> " + target);
                    }
                } else {
                    collectRefs(field.getValue(), where + "." + field.getKey(), found);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectRefs(element, where + "[]", found));
        }
    }
}
