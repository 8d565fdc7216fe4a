package dev.vigil.common.error;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.IgnoredPropertyException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;

import dev.vigil.common.json.ControlCharacterException;

/**
 * Turns a failure to read a JSON request body into a problem: unreadable JSON is
 * {@code malformed-request}; a value of the wrong type or an unknown field is
 * {@code validation-failed} naming the field as the client spelled it ({@code home_address.postal_code},
 * {@code nick_names[2]}). Messages are written here, never copied from Jackson, whose messages name Java
 * classes.
 */
final class JsonProblems {

    private JsonProblems() {
    }

    /** Whether this Jackson failure is a bug on our side (a type Jackson cannot build) rather than bad input. */
    static boolean isServerSide(JsonProcessingException failure) {
        return failure instanceof InvalidDefinitionException;
    }

    /** The problem for a client's unreadable or ill-typed JSON. */
    static Problem toProblem(JsonProcessingException failure) {
        if (failure instanceof StreamConstraintsException) {
            return FrameworkProblems.malformed("The request body exceeds the allowed JSON nesting or value sizes");
        }
        if (failure instanceof StreamReadException) {
            return FrameworkProblems.malformed(isDuplicateMember(failure)
                    ? "An object in the request body has the same member twice"
                    : "The request body is not valid JSON");
        }
        if (failure instanceof ControlCharacterException control) {
            return Problem.validationFailed(List.of(new FieldError(path(control.getPath()), control.fieldMessage())));
        }
        if (failure instanceof PropertyBindingException binding) {
            String message = failure instanceof IgnoredPropertyException ? "is read-only" : "unknown field";
            return Problem.validationFailed(List.of(new FieldError(propertyPath(binding), message)));
        }
        if (failure instanceof JsonMappingException mapping) {
            String field = path(mapping.getPath());
            if (field.isEmpty()) {
                return FrameworkProblems.malformed(isTrailingContent(failure)
                        ? "The request body has more after the JSON value"
                        : "The request body does not have the expected shape");
            }
            String message = failure instanceof MismatchedInputException mismatched
                    ? TypeDescriptions.expectation(mismatched.getTargetType())
                    : "is not valid";
            return Problem.validationFailed(List.of(new FieldError(field, message)));
        }
        return FrameworkProblems.malformed("The request body could not be read");
    }

    /** Jackson's duplicate detection names no type of its own; its message is the only sign. */
    private static boolean isDuplicateMember(JsonProcessingException failure) {
        String message = failure.getOriginalMessage();
        return message != null && message.startsWith("Duplicate");
    }

    /** The same for a value followed by more tokens ({@code FAIL_ON_TRAILING_TOKENS}). */
    private static boolean isTrailingContent(JsonProcessingException failure) {
        String message = failure.getOriginalMessage();
        return message != null && message.startsWith("Trailing token");
    }

    /** The path of an unknown or ignored property, whether or not Jackson already added it to the path. */
    private static String propertyPath(PropertyBindingException failure) {
        List<JsonMappingException.Reference> references = failure.getPath();
        String name = failure.getPropertyName();
        String path = path(references);
        boolean named = !references.isEmpty() && name.equals(references.get(references.size() - 1).getFieldName());
        if (named) {
            return path;
        }
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The JSON path of the failing value: {@code a.b[2].c}. Names are already the wire (snake_case) names. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
