package dev.vigil.common.error;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Walks every operation of the served OpenAPI document with hostile input, as an anonymous caller, a
 * user and an admin, and reports every answer that breaks the input rules: any 5xx; a 4xx that is not
 * {@code application/problem+json} (link pages may answer in HTML); and, where the caller gets past
 * authentication, a control character in a JSON or form string that is not 400 {@code validation-failed}
 * naming the field, a duplicated key or content after the JSON value that is not 400
 * {@code malformed-request}, a body without {@code Content-Type} that is not 415. Path and query
 * parameters get control characters, broken escapes, wrong types and huge values; an offset past
 * 2^31 − 1 must be 400; an over-long URI 414 and oversized headers 431, both as problems with the
 * security headers; {@code OPTIONS} and 405 must list exactly the routed methods.
 *
 * <p>Requests are written by hand over a socket (one connection each), so nothing on the client side
 * "fixes" a broken escape or refuses a control character. Runs in {@code InputWalkTest} and, through
 * {@link #main}, against a started jar ({@code bench/fuzz.sh}).
 */
public final class InputWalk {

    /** Who makes the requests: no token, or one from logging in with these credentials. */
    public record Caller(String name, String login, String password, boolean admin) {

        static Caller anonymous() {
            return new Caller("anonymous", null, null, false);
        }

        boolean authenticated() {
            return login != null;
        }
    }

    /** What the walk saw: requests sent, answers with a 5xx, and every rule broken (at most the first 200). */
    public record Result(int requests, int serverErrors, List<String> findings) {

        public String summary() {
            return requests + " requests, " + serverErrors + " × 5xx";
        }
    }

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final List<String> TEST_ONLY_PREFIXES = List.of("/test-errors", "/test-routes");
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final int MAX_FINDINGS = 200;
    /** Longer than vigil.http.max-uri-length, shorter than the HTTP codec's ceiling. */
    private static final int LONG_URI = 6_000;
    /** Larger than vigil.http.max-header-size, smaller than the HTTP codec's ceiling. */
    private static final int LARGE_HEADER = 30_000;
    private static final int HUGE_STRING = 10_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    /** Over the 64 KiB body limit. */
    private static final int OVERSIZED_BODY = 70_000;

    /** Control characters that no field may hold, not even free text. */
    private static final List<String> FORBIDDEN_EVERYWHERE = List.of("\u0000", "a\u0000b", "\u0001", "\u001b", "\u001f",
            "\u007f");
    /** Allowed in free text only; the document does not say which fields are free text, so no verdict but "no 5xx". */
    private static final List<String> LINE_AND_TAB = List.of("\t", "a\nb", "\r\n");
    private static final List<String> ODD_STRINGS = List.of("", " ", "\ud800", "\uffff", "'; SELECT 1; --", "%00",
            "x".repeat(HUGE_STRING));

    private final String host;
    private final int port;
    private final ObjectMapper json = new ObjectMapper();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final List<String> findings = new ArrayList<>();
    private int requests;
    private int serverErrors;
    private JsonNode document;

    public InputWalk(URI base) {
        this.host = base.getHost();
        this.port = base.getPort();
    }

    /** Walks the document as each caller in turn. */
    public Result walk(List<Caller> callers) throws IOException {
        document = json.readTree(send(Request.get("/q/openapi?format=json")).requireOk().body);
        List<Operation> operations = operations();
        if (operations.isEmpty()) {
            throw new IllegalStateException("the OpenAPI document lists no operations");
        }
        walkRouting(operations);
        for (Caller caller : callers) {
            for (Operation operation : operations) {
                String token = caller.authenticated() ? login(caller) : null;
                new OperationWalk(operation, caller, token).run();
            }
        }
        return new Result(requests, serverErrors, List.copyOf(findings));
    }

    // ----------------------------------------------------------------------------------------------
    // The document

    /** One method on one path, with what the document says about its input. */
    record Operation(String method, String path, JsonNode spec) {

        boolean secured() {
            JsonNode security = spec.path("security");
            return security.isArray() && !security.isEmpty();
        }

        boolean adminOnly() {
            return path.startsWith("/api/v1/admin") || path.equals("/api/v1/me/admin-pin");
        }

        boolean answersInHtml() {
            for (JsonNode response : spec.path("responses")) {
                if (response.path("content").has("text/html")) {
                    return true;
                }
            }
            return false;
        }

        List<JsonNode> parameters(String in) {
            List<JsonNode> found = new ArrayList<>();
            for (JsonNode parameter : spec.path("parameters")) {
                if (in.equals(parameter.path("in").asText())) {
                    found.add(parameter);
                }
            }
            return found;
        }

        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> {
            if (TEST_ONLY_PREFIXES.stream().anyMatch(path.getKey()::startsWith)) {
                return;
            }
            path.getValue().properties().forEach(operation -> {
                if (METHODS.contains(operation.getKey())) {
                    operations.add(new Operation(operation.getKey(), path.getKey(), operation.getValue()));
                }
            });
        });
        // Operations that end the caller's sessions go last, so the others keep a working token.
        operations.sort((a, b) -> Boolean.compare(endsSessions(a), endsSessions(b)));
        return operations;
    }

    private static boolean endsSessions(Operation operation) {
        return operation.path().endsWith("/logout") || operation.path().endsWith("/logout-all");
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int depth = 0; depth < 10 && current.has("$ref"); depth++) {
            String ref = current.get("$ref").asText();
            current = document.at(ref.substring(1));
        }
        return current;
    }

    /** A request body as the document describes it: media type and schema, or null when there is none. */
    private record Body(String mediaType, JsonNode schema, boolean tree) {
    }

    private Body body(Operation operation) {
        JsonNode content = operation.spec().path("requestBody").path("content");
        Iterator<Map.Entry<String, JsonNode>> types = content.properties().iterator();
        if (!types.hasNext()) {
            return null;
        }
        Map.Entry<String, JsonNode> first = types.next();
        JsonNode schemaRef = first.getValue().path("schema");
        JsonNode schema = resolve(schemaRef);
        String refName = schemaRef.path("$ref").asText("");
        if (refName.endsWith("/JsonNode")) {
            // Read as a JSON tree: the fields are those of the resource it changes (its 200 answer).
            return new Body(first.getKey(), successSchema(operation), true);
        }
        if (refName.endsWith("/HttpServerRequest")) {
            // Not a body: the document mistakes the injected Vert.x request for one.
            return new Body(first.getKey(), nodes.objectNode(), false);
        }
        return new Body(first.getKey(), schema, false);
    }

    private JsonNode successSchema(Operation operation) {
        for (JsonNode response : operation.spec().path("responses")) {
            JsonNode schema = response.path("content").path("application/json").path("schema");
            if (!schema.isMissingNode()) {
                return resolve(schema);
            }
        }
        return nodes.objectNode();
    }

    /** Wire names are snake_case; the document still spells some properties in camelCase. */
    static String wireName(String property) {
        StringBuilder name = new StringBuilder(property.length() + 4);
        for (char c : property.toCharArray()) {
            if (Character.isUpperCase(c)) {
                name.append('_').append(Character.toLowerCase(c));
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }

    /** A string field of a body: its dotted path (wire names) and the value a well-meaning client would send. */
    private record Field(List<String> path, JsonNode schema) {

        String dotted() {
            return String.join(".", path);
        }
    }

    private List<Field> fields(JsonNode schema, List<String> prefix, int depth) {
        List<Field> fields = new ArrayList<>();
        if (depth > 3) {
            return fields;
        }
        resolve(schema).path("properties").properties().forEach(property -> {
            List<String> path = new ArrayList<>(prefix);
            path.add(wireName(property.getKey()));
            JsonNode propertySchema = resolve(property.getValue());
            fields.add(new Field(path, propertySchema));
            if ("object".equals(propertySchema.path("type").asText()) || propertySchema.has("properties")) {
                fields.addAll(fields(propertySchema, path, depth + 1));
            }
        });
        return fields;
    }

    private JsonNode plausible(String name, JsonNode schema) {
        String type = schema.path("type").asText("string");
        String format = schema.path("format").asText("");
        return switch (type) {
            case "integer", "number" -> nodes.numberNode(1);
            case "boolean" -> nodes.booleanNode(true);
            case "array" -> nodes.arrayNode();
            case "object" -> nodes.objectNode();
            default -> {
                if (format.equals("date-time")) {
                    yield nodes.textNode("2030-01-01T00:00:00Z");
                } else if (format.equals("uuid")) {
                    yield nodes.textNode(UUID.randomUUID().toString());
                } else if (name.contains("email")) {
                    yield nodes.textNode("walk@example.org");
                } else if (name.contains("phone")) {
                    yield nodes.textNode("+14155550123");
                } else {
                    yield nodes.textNode("walk");
                }
            }
        };
    }

    // ----------------------------------------------------------------------------------------------
    // Routing: OPTIONS, 405, over-long URIs, oversized headers, control characters in the path

    private void walkRouting(List<Operation> operations) throws IOException {
        Map<String, Set<String>> methodsByPath = new LinkedHashMap<>();
        for (Operation operation : operations) {
            methodsByPath.computeIfAbsent(operation.path(), p -> new TreeSet<>()).add(operation.method().toUpperCase(Locale.ROOT));
        }
        for (Map.Entry<String, Set<String>> path : methodsByPath.entrySet()) {
            Set<String> allowed = new TreeSet<>(path.getValue());
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
            allowed.add("OPTIONS");
            String expected = String.join(", ", allowed);
            String concrete = concretePath(path.getKey(), Map.of());
            Response options = send(new Request("OPTIONS", concrete, Map.of(), null));
            check(options.status < 300 && expected.equals(options.header("allow")),
                    "OPTIONS " + concrete + " answered " + options.status + " Allow: " + options.header("allow")
                            + ", routed: " + expected, options);
            for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
                if (!allowed.contains(method)) {
                    Response refused = send(new Request(method, concrete, Map.of("Content-Type", "application/json"), "{}".getBytes()));
                    expectProblem(refused, 405, "method-not-allowed", method + " " + concrete);
                    check(expected.equals(refused.header("allow")), method + " " + concrete + " answered 405 with Allow: "
                            + refused.header("allow") + ", routed: " + expected, refused);
                }
            }
            Response controlInPath = send(Request.get(concrete + "%00"));
            expectProblem(controlInPath, 404, "not-found", "GET " + concrete + "%00");
            Response longUri = send(Request.get(concrete + "?q=" + "x".repeat(LONG_URI)));
            expectProblem(longUri, 414, "uri-too-long", "GET " + concrete + " with a long query");
            check("nosniff".equals(longUri.header("x-content-type-options")), "414 without security headers", longUri);
            Response bigHeader = send(new Request("GET", concrete, Map.of("X-Walk", "x".repeat(LARGE_HEADER)), null));
            expectProblem(bigHeader, 431, "headers-too-large", "GET " + concrete + " with a large header");
            check("nosniff".equals(bigHeader.header("x-content-type-options")), "431 without security headers", bigHeader);
        }
    }

    // ----------------------------------------------------------------------------------------------
    // One operation as one caller

    private final class OperationWalk {

        private final Operation operation;
        private final Caller caller;
        private String token;
        private final boolean authorized;

        OperationWalk(Operation operation, Caller caller, String token) {
            this.operation = operation;
            this.caller = caller;
            this.token = token;
            this.authorized = !operation.secured() ? true
                    : caller.authenticated() && (caller.admin() || !operation.adminOnly());
        }

        /**
         * Sends as this caller. An accepted request to an operation that ends the caller's sessions
         * (logout-all with a body the walk happened to get right) kills the token, so the walk logs in
         * again; otherwise every later request would be judged on a 401.
         */
        private Response send(Request request) throws IOException {
            Response response = InputWalk.this.send(request);
            if (endsSessions(operation) && caller.authenticated() && response.status / 100 == 2) {
                token = login(caller);
            }
            return response;
        }

        void run() throws IOException {
            pathParameters();
            queryParameters();
            headerParameters();
            Body body = body(operation);
            if (body == null) {
                return;
            }
            if (body.mediaType().startsWith("application/x-www-form-urlencoded")) {
                formBody(body);
            } else {
                jsonBody(body);
            }
        }

        private void pathParameters() throws IOException {
            for (JsonNode parameter : operation.parameters("path")) {
                String name = parameter.path("name").asText();
                List<String> values = new ArrayList<>(List.of("%00", "a%00b", "%0a", "%1f", "%7f", "%ZZ", "%", "not-a-uuid",
                        "%2e%2e", "x".repeat(300), "%F0%9F%92%A9", "%C0%80", "%FF"));
                for (String value : values) {
                    Response response = send(Request.withBody(operation, concretePath(operation.path(), Map.of(name, value)),
                            token, defaultBody()));
                    if (!refusedAsInvalidUri(response, value)) {
                        verdict(response, "path " + name + "=" + shorten(value));
                    }
                    if (value.contains("%00") || value.contains("%0a") || value.contains("%1f") || value.contains("%7f")) {
                        expectProblem(response, 404, "not-found", where("path " + name + "=" + value));
                    }
                }
            }
        }

        private void queryParameters() throws IOException {
            List<JsonNode> parameters = operation.parameters("query");
            for (JsonNode parameter : parameters) {
                String name = parameter.path("name").asText();
                for (String value : List.of("%00", "a%00b", "%0a", "%09", "%7f")) {
                    Response response = query(name + "=" + value);
                    expectInvalidField(response, name, "query " + name + "=" + value);
                }
                for (String value : List.of("%ZZ", "%", "abc", "-1", "0", "99999999999999999999", "1.5", "", "true",
                        "x".repeat(3_000), "%F0%9F%92%A9", "%FF", "'%20OR%201=1--", "2147483647", "-2147483648")) {
                    Response response = query(name + "=" + value);
                    if (!refusedAsInvalidUri(response, value)) {
                        verdict(response, "query " + name + "=" + shorten(value));
                    }
                }
                verdict(query(name + "=a&" + name + "=b"), "query " + name + " twice");
            }
            Set<String> names = new TreeSet<>();
            parameters.forEach(p -> names.add(p.path("name").asText()));
            if (names.contains("page") && names.contains("size")) {
                for (String paging : List.of("page=1073741824&size=2", "page=21474837&size=100", "page=2147483647&size=100")) {
                    Response response = query(paging);
                    if (authorized) {
                        expectInvalidField(response, "page", "offset overflow " + paging);
                    } else {
                        verdict(response, paging);
                    }
                }
                Response inRange = query("page=1073741823&size=2");
                if (authorized) {
                    check(inRange.status == 200, where("an offset of 2^31 − 2 answered " + inRange.status), inRange);
                }
            }
        }

        /**
         * A request target with a broken percent-escape is not a URI; Quarkus refuses it with a bare 400
         * (no body, no headers) before any of Vigil's code runs. Accepted for exactly that input.
         */
        private boolean refusedAsInvalidUri(Response response, String value) {
            boolean brokenEscape = value.matches(".*%([^0-9A-Fa-f].?|[0-9A-Fa-f][^0-9A-Fa-f]|[0-9A-Fa-f]?$).*");
            return brokenEscape && response.status == 400 && response.body.length == 0;
        }

        private Response query(String query) throws IOException {
            return send(Request.withBody(operation, concretePath(operation.path(), Map.of()) + "?" + query, token,
                    defaultBody()));
        }

        private void headerParameters() throws IOException {
            for (JsonNode parameter : operation.parameters("header")) {
                String name = parameter.path("name").asText();
                for (String value : List.of("abc", "", "x".repeat(2_000), "\u00ff\u00fe")) {
                    Request request = Request.withBody(operation, concretePath(operation.path(), Map.of()), token, defaultBody());
                    request.headers.put(name, value);
                    verdict(send(request), "header " + name + "=" + shorten(value));
                }
            }
        }

        private byte[] defaultBody() {
            Body body = body(operation);
            if (body == null) {
                return null;
            }
            if (body.mediaType().startsWith("application/x-www-form-urlencoded")) {
                return new byte[0];
            }
            return bytes(body.tree() ? nodes.objectNode() : baseline(body.schema()));
        }

        // -- JSON bodies

        private void jsonBody(Body body) throws IOException {
            ObjectNode baseline = body.tree() ? nodes.objectNode() : baseline(body.schema());
            List<Field> fields = fields(body.schema(), List.of(), 0);
            boolean readsBody = !fields.isEmpty();
            for (Field field : fields) {
                boolean string = "string".equals(field.schema().path("type").asText("string"))
                        && !field.schema().has("properties");
                if (string) {
                    for (String value : sample(FORBIDDEN_EVERYWHERE)) {
                        Response response = json(with(baseline, field, nodes.textNode(value), body.tree()));
                        if (authorized) {
                            expectInvalidField(response, field.dotted(), "body " + field.dotted() + "=" + escape(value));
                        } else {
                            verdict(response, "body " + field.dotted() + "=" + escape(value));
                        }
                    }
                    for (String value : sample(LINE_AND_TAB)) {
                        verdict(json(with(baseline, field, nodes.textNode(value), body.tree())),
                                "body " + field.dotted() + "=" + escape(value));
                    }
                    for (String value : sample(ODD_STRINGS)) {
                        verdict(json(with(baseline, field, nodes.textNode(value), body.tree())),
                                "body " + field.dotted() + "=" + shorten(escape(value)));
                    }
                }
                for (JsonNode wrong : sample(wrongTypes())) {
                    verdict(json(with(baseline, field, wrong, body.tree())), "body " + field.dotted() + "=" + shorten(wrong.toString()));
                }
            }
            String base = baseline.toString();
            String duplicated = duplicateKey(body.tree() && !fields.isEmpty()
                    ? with(baseline, fields.get(0), plausible(fields.get(0).dotted(), fields.get(0).schema()), true)
                    : baseline);
            expectMalformed(json(duplicated.getBytes(StandardCharsets.UTF_8)), readsBody && duplicated.length() > 2,
                    "a duplicated key");
            expectMalformed(json((base + "{}").getBytes(StandardCharsets.UTF_8)), readsBody, "a second JSON value");
            expectMalformed(json((base + "]").getBytes(StandardCharsets.UTF_8)), readsBody, "a stray bracket");
            expectMalformed(json((base + "bla").getBytes(StandardCharsets.UTF_8)), readsBody, "trailing text");
            for (String text : List.of("", "{", "[]", "null", "\"\\u0000\"", "123", "{\"a\":", "[".repeat(3_000),
                    "{\"a\":" + "[".repeat(1_500) + "1" + "]".repeat(1_500) + "}", "{\"\\u0000\":1}", "{'a':1}",
                    "{\"a\":01}", "{\"a\":NaN}", "\ufeff{}")) {
                verdict(json(text.getBytes(StandardCharsets.UTF_8)), "body " + shorten(escape(text)));
            }
            verdict(json(new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}' }), "body with bad UTF-8");
            verdict(json(("{\"a\":\"" + "x".repeat(OVERSIZED_BODY) + "\"}").getBytes(StandardCharsets.UTF_8)),
                    "a body over the limit");
            Response noType = send(Request.withoutType(operation, path(), token, bytes(baseline)));
            expectProblem(noType, 415, "unsupported-media-type", where("a body without Content-Type"));
            verdict(send(Request.typed(operation, path(), token, "text/plain", bytes(baseline))), "a text/plain body");
            verdict(send(Request.typed(operation, path(), token, "application/json; charset=latin1", bytes(baseline))),
                    "a JSON body in another charset");
        }

        /**
         * All the values for a caller who gets past authentication; the first only for one who does
         * not, since the body of a refused request is never read (the body-level probes still run).
         */
        private <T> List<T> sample(List<T> values) {
            return authorized ? values : values.subList(0, 1);
        }

        private List<JsonNode> wrongTypes() {
            ArrayNode nulInList = nodes.arrayNode().add("\u0000");
            ObjectNode nulInObject = nodes.objectNode().put("k", "\u0000");
            return List.of(nodes.numberNode(12345), nodes.numberNode(1.5e308), nodes.booleanNode(true), nodes.arrayNode(),
                    nodes.objectNode(), nodes.nullNode(), nulInList, nulInObject, nodes.numberNode(new BigInteger("9".repeat(400))));
        }

        private void expectMalformed(Response response, boolean readsBody, String what) {
            if (authorized && readsBody) {
                expectProblem(response, 400, "malformed-request", where(what));
            } else {
                verdict(response, what);
            }
        }

        private Response json(ObjectNode body) throws IOException {
            return json(bytes(body));
        }

        private Response json(byte[] body) throws IOException {
            return send(Request.typed(operation, path(), token, "application/json", body));
        }

        // -- form bodies

        private void formBody(Body body) throws IOException {
            List<Field> fields = fields(body.schema(), List.of(), 0);
            for (Field field : fields) {
                for (String value : sample(FORBIDDEN_EVERYWHERE)) {
                    Response response = form(Map.of(field.dotted(), value));
                    if (authorized) {
                        expectInvalidField(response, field.dotted(), "form " + field.dotted() + "=" + escape(value));
                    } else {
                        verdict(response, "form " + field.dotted() + "=" + escape(value));
                    }
                }
                for (String value : sample(ODD_STRINGS)) {
                    verdict(form(Map.of(field.dotted(), value)), "form " + field.dotted() + "=" + shorten(escape(value)));
                }
                verdict(send(Request.typed(operation, path(), token, "application/x-www-form-urlencoded",
                        (field.dotted() + "=%ZZ").getBytes(StandardCharsets.US_ASCII))), "form " + field.dotted() + "=%ZZ");
            }
            Response noType = send(Request.withoutType(operation, path(), token, "a=b".getBytes(StandardCharsets.US_ASCII)));
            expectProblem(noType, 415, "unsupported-media-type", where("a form without Content-Type"));
            verdict(send(Request.typed(operation, path(), token, "multipart/form-data; boundary=x",
                    "--x\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n\u0000\r\n--x--\r\n"
                            .getBytes(StandardCharsets.UTF_8))), "a multipart body");
        }

        private Response form(Map<String, String> values) throws IOException {
            StringBuilder encoded = new StringBuilder();
            values.forEach((name, value) -> {
                if (!encoded.isEmpty()) {
                    encoded.append('&');
                }
                encoded.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            });
            return send(Request.typed(operation, path(), token, "application/x-www-form-urlencoded",
                    encoded.toString().getBytes(StandardCharsets.US_ASCII)));
        }

        // -- verdicts

        private String path() {
            return concretePath(operation.path(), Map.of());
        }

        private String where(String what) {
            return operation + " as " + caller.name() + ": " + what;
        }

        private void verdict(Response response, String what) {
            InputWalk.this.verdict(response, where(what), operation.answersInHtml());
        }

        private void expectInvalidField(Response response, String field, String what) {
            String context = where(what);
            if (!expectProblem(response, 400, "validation-failed", context)) {
                return;
            }
            boolean named = false;
            for (JsonNode error : response.json().path("errors")) {
                named |= field.equals(error.path("field").asText());
            }
            check(named, context + ": the problem does not name " + field, response);
        }

        private boolean expectProblem(Response response, int status, String slug, String context) {
            return InputWalk.this.expectProblem(response, status, slug, context);
        }
    }

    private ObjectNode baseline(JsonNode schema) {
        ObjectNode body = nodes.objectNode();
        resolve(schema).path("properties").properties().forEach(property -> {
            String name = wireName(property.getKey());
            body.set(name, plausible(name, resolve(property.getValue())));
        });
        return body;
    }

    /**
     * The body with one field set to {@code value}. A JSON tree body gets that field alone (its other
     * members would only be refused as read-only); a DTO body keeps the baseline's other fields.
     */
    private ObjectNode with(ObjectNode baseline, Field field, JsonNode value, boolean alone) {
        ObjectNode body = alone ? nodes.objectNode() : baseline.deepCopy();
        ObjectNode parent = body;
        for (int i = 0; i < field.path().size() - 1; i++) {
            JsonNode child = parent.get(field.path().get(i));
            if (!(child instanceof ObjectNode)) {
                child = nodes.objectNode();
                parent.set(field.path().get(i), child);
            }
            parent = (ObjectNode) child;
        }
        parent.set(field.path().get(field.path().size() - 1), value);
        return body;
    }

    /** The body's text with its first member written twice: {@code {"a":1,"a":1,...}}. */
    private static String duplicateKey(ObjectNode body) {
        if (body.isEmpty()) {
            return "{\"a\":1,\"a\":2}";
        }
        Map.Entry<String, JsonNode> first = body.properties().iterator().next();
        String member = "\"" + first.getKey() + "\":" + first.getValue().toString();
        return "{" + member + "," + body.toString().substring(1);
    }

    private byte[] bytes(JsonNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String concretePath(String template, Map<String, String> values) {
        StringBuilder path = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                path.append(template, i, template.length());
                break;
            }
            int close = template.indexOf('}', open);
            path.append(template, i, open);
            String name = template.substring(open + 1, close);
            path.append(values.getOrDefault(name, name.equals("username") ? "nobody-here" : UUID.randomUUID().toString()));
            i = close + 1;
        }
        return path.toString();
    }

    // ----------------------------------------------------------------------------------------------
    // Verdicts

    private void verdict(Response response, String context, boolean htmlAllowed) {
        if (response.status >= 500) {
            return; // counted and reported in send
        }
        if (response.status >= 400) {
            boolean html = htmlAllowed && response.contentType().startsWith("text/html");
            if (!html) {
                problemShape(response, context);
            }
        }
    }

    private boolean expectProblem(Response response, int status, String slug, String context) {
        if (response.status != status) {
            finding(context + ": expected " + status + " " + slug + ", got " + response.status + " " + shorten(response.text()));
            return false;
        }
        return problemShape(response, context)
                && check(("https://vigil.dev/problems/" + slug).equals(response.json().path("type").asText()),
                        context + ": expected " + slug + ", got " + response.json().path("type").asText(), response);
    }

    private boolean problemShape(Response response, String context) {
        if (!response.contentType().startsWith(PROBLEM_JSON)) {
            finding(context + ": " + response.status + " with Content-Type '" + response.contentType() + "' "
                    + shorten(response.text()));
            return false;
        }
        JsonNode problem = response.json();
        return check(problem.path("status").asInt() == response.status && problem.path("type").asText().startsWith("https://")
                && problem.hasNonNull("title"), context + ": not a problem document", response);
    }

    private boolean check(boolean ok, String message, Response response) {
        if (!ok) {
            finding(message + " [" + response.status + " " + shorten(response.text()) + "]");
        }
        return ok;
    }

    private void finding(String message) {
        if (findings.size() < MAX_FINDINGS) {
            findings.add(message);
        }
    }

    private static String shorten(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…(" + text.length() + " chars)";
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    // ----------------------------------------------------------------------------------------------
    // HTTP, by hand

    private String login(Caller caller) throws IOException {
        ObjectNode credentials = nodes.objectNode().put("login", caller.login()).put("password", caller.password());
        Response response = send(new Request("POST", "/api/v1/auth/login", new LinkedHashMap<>(Map.of("Content-Type",
                "application/json")), bytes(credentials))).requireOk();
        return response.json().path("access_token").asText();
    }

    /** Registers a user through the API, as a client would; returns the login. */
    public String register(String password) throws IOException {
        String name = "walk" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ObjectNode user = nodes.objectNode().put("username", name).put("email", name + "@example.org").put("password", password);
        Response response = send(new Request("POST", "/api/v1/auth/register",
                new LinkedHashMap<>(Map.of("Content-Type", "application/json")), bytes(user)));
        if (response.status != 202) {
            throw new IllegalStateException("registration answered " + response.status + " " + response.text());
        }
        return name;
    }

    static final class Request {
        final String method;
        final String target;
        final Map<String, String> headers;
        final byte[] body;

        Request(String method, String target, Map<String, String> headers, byte[] body) {
            this.method = method;
            this.target = target;
            this.headers = new LinkedHashMap<>(headers);
            this.body = body;
        }

        static Request get(String target) {
            return new Request("GET", target, Map.of(), null);
        }

        static Request typed(Operation operation, String target, String token, String contentType, byte[] body) {
            Request request = new Request(operation.method().toUpperCase(Locale.ROOT), target, Map.of(), body);
            if (body != null) {
                request.headers.put("Content-Type", contentType);
            }
            return request.authorized(token);
        }

        static Request withoutType(Operation operation, String target, String token, byte[] body) {
            return new Request(operation.method().toUpperCase(Locale.ROOT), target, Map.of(), body).authorized(token);
        }

        /** The operation's method with its default body (if it takes one), for fuzzing the path or query. */
        static Request withBody(Operation operation, String target, String token, byte[] body) {
            String type = operation.spec().path("requestBody").path("content").fieldNames().hasNext()
                    ? operation.spec().path("requestBody").path("content").fieldNames().next()
                    : "application/json";
            return typed(operation, target, token, type, body);
        }

        Request authorized(String token) {
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            return this;
        }

        @Override
        public String toString() {
            return method + " " + shorten(target);
        }
    }

    final class Response {
        final int status;
        final Map<String, String> headers;
        final byte[] body;
        final Request request;
        private JsonNode parsed;

        Response(Request request, int status, Map<String, String> headers, byte[] body) {
            this.request = request;
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String contentType() {
            String type = header("content-type");
            return type == null ? "" : type;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            if (parsed == null) {
                try {
                    parsed = json.readTree(body);
                } catch (IOException e) {
                    parsed = nodes.missingNode();
                }
                if (parsed == null) {
                    parsed = nodes.missingNode();
                }
            }
            return parsed;
        }

        Response requireOk() {
            if (status != 200) {
                throw new IllegalStateException(request + " answered " + status + " " + text());
            }
            return this;
        }
    }

    /** One request on its own connection ({@code Connection: close}), written byte for byte. */
    private Response send(Request request) throws IOException {
        requests++;
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes((request.method + " " + request.target + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
        head.writeBytes(("Host: " + host + ":" + port + "\r\nConnection: close\r\nAccept: */*\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (Map.Entry<String, String> header : request.headers.entrySet()) {
            head.writeBytes((header.getKey() + ": " + header.getValue() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        if (request.body != null) {
            head.writeBytes(("Content-Length: " + request.body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        head.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(head.toByteArray());
            if (request.body != null) {
                try {
                    out.write(request.body);
                } catch (IOException e) {
                    // The server may answer (413, 415) and close before reading the whole body.
                }
            }
            out.flush();
            Response response;
            try {
                response = read(request, socket.getInputStream());
            } catch (SocketTimeoutException e) {
                finding(request + " got no answer within " + READ_TIMEOUT_MILLIS / 1000 + " s");
                return new Response(request, 0, Map.of(), new byte[0]);
            }
            if (response.status >= 500) {
                serverErrors++;
                finding(request + " answered " + response.status + " " + shorten(response.text()));
            }
            return response;
        }
    }

    private Response read(Request request, InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException(request + ": no complete response (" + all.length + " bytes)");
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(request, status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        return indexOf(data, pattern, 0);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ----------------------------------------------------------------------------------------------
    // Against a started server (bench/fuzz.sh)

    /**
     * {@code InputWalk <base URL> <admin login> <admin password>}: registers a user, walks as anonymous,
     * that user and the admin, prints the findings and {@code N requests, M × 5xx}; exits 1 when there
     * is a 5xx, 2 when another rule was broken.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: InputWalk <base URL> <admin login> <admin password>");
            System.exit(64);
        }
        InputWalk walk = new InputWalk(URI.create(args[0]));
        String password = "walk " + UUID.randomUUID();
        String user = walk.register(password);
        Result result = walk.walk(List.of(Caller.anonymous(), new Caller("user", user, password, false),
                new Caller("admin", args[1], args[2], true)));
        result.findings().forEach(finding -> System.out.println("FINDING " + finding));
        System.out.println(result.summary());
        System.exit(result.serverErrors() > 0 ? 1 : result.findings().isEmpty() ? 0 : 2);
    }
}
