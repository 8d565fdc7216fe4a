package dev.vigil.ops;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Checks a JSON value against a schema of Vigil's OpenAPI document, with the keywords the document
 * uses: {@code type} (one or a list), {@code required}, {@code properties}, {@code additionalProperties},
 * {@code items}, {@code $ref}, {@code oneOf}, {@code anyOf}, {@code allOf}, {@code enum}, {@code pattern}
 * and the {@code date-time} and {@code uuid} formats.
 *
 * <p>Stricter than JSON Schema on purpose in one way: when a schema lists properties and says nothing
 * about additional ones, a member it does not list is an error, because a client generated from the
 * document would not know that member.
 */
final class SchemaChecker {

    private static final String SCHEMAS = "#/components/schemas/";

    private final JsonNode document;

    SchemaChecker(JsonNode document) {
        this.document = document;
    }

    /** What is wrong with {@code value} as {@code schema}, one line each; empty when nothing is. */
    List<String> check(JsonNode value, JsonNode schema) {
        List<String> errors = new ArrayList<>();
        check(value, schema, "$", errors);
        return errors;
    }

    private void check(JsonNode value, JsonNode schema, String at, List<String> errors) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            JsonNode target = ref.startsWith(SCHEMAS)
                    ? document.path("components").path("schemas").path(ref.substring(SCHEMAS.length()))
                    : MissingNode.getInstance();
            if (target.isMissingNode()) {
                errors.add(at + ": $ref " + ref + " leads nowhere");
                return;
            }
            check(value, target, at, errors);
        }
        if (schema.has("type") && !hasType(value, schema.get("type"))) {
            errors.add(at + ": " + shown(value) + " is not of type " + schema.get("type"));
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            errors.add(at + ": " + shown(value) + " is not one of " + schema.get("enum"));
        }
        if (value.isTextual()) {
            checkText(value.asText(), schema, at, errors);
        }
        if (schema.has("oneOf")) {
            List<String> options = new ArrayList<>();
            schema.get("oneOf").forEach(option -> options.add(errorsOf(value, option, at)));
            long matched = options.stream().filter(String::isEmpty).count();
            if (matched != 1) {
                errors.add(at + ": matches " + matched + " of the oneOf options, not 1 " + options);
            }
        }
        if (schema.has("anyOf")) {
            List<String> options = new ArrayList<>();
            schema.get("anyOf").forEach(option -> options.add(errorsOf(value, option, at)));
            if (options.stream().noneMatch(String::isEmpty)) {
                errors.add(at + ": matches none of the anyOf options " + options);
            }
        }
        schema.path("allOf").forEach(option -> check(value, option, at, errors));
        if (value.isObject()) {
            checkMembers(value, schema, at, errors);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), at + "[" + i + "]", errors);
            }
        }
    }

    /** The errors of one option of a composition, as one text; empty when it matches. */
    private String errorsOf(JsonNode value, JsonNode option, String at) {
        List<String> errors = new ArrayList<>();
        check(value, option, at, errors);
        return String.join("; ", errors);
    }

    private void checkMembers(JsonNode value, JsonNode schema, String at, List<String> errors) {
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        schema.path("required").forEach(name -> {
            if (!value.has(name.asText())) {
                errors.add(at + "." + name.asText() + ": required, but not on the wire");
            }
        });
        value.fields().forEachRemaining(member -> {
            String where = at + "." + member.getKey();
            if (properties.has(member.getKey())) {
                check(member.getValue(), properties.get(member.getKey()), where, errors);
            } else if (additional.isObject()) {
                check(member.getValue(), additional, where, errors);
            } else if (schema.has("properties") && !additional.asBoolean(false)) {
                errors.add(where + ": on the wire, but not in the schema");
            }
        });
    }

    private static void checkText(String text, JsonNode schema, String at, List<String> errors) {
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
            errors.add(at + ": \"" + text + "\" does not match " + schema.get("pattern").asText());
        }
        String format = schema.path("format").asText("");
        if (format.equals("date-time")) {
            try {
                OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                errors.add(at + ": \"" + text + "\" is not a date-time");
            }
        } else if (format.equals("uuid")) {
            try {
                if (!UUID.fromString(text).toString().equalsIgnoreCase(text)) {
                    errors.add(at + ": \"" + text + "\" is not a UUID in its usual form");
                }
            } catch (IllegalArgumentException e) {
                errors.add(at + ": \"" + text + "\" is not a UUID");
            }
        }
    }

    private static boolean hasType(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (is(value, one.asText())) {
                    return true;
                }
            }
            return false;
        }
        return is(value, type.asText());
    }

    private static boolean is(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("A type this checker does not know: " + type);
        };
    }

    private static boolean contains(JsonNode options, JsonNode value) {
        for (JsonNode option : options) {
            if (option.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
