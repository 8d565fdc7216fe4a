package dev.vigil.common.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one exception type that domain code throws for a client-visible failure. The message is the
 * problem's {@code detail}, so it must be safe to show: no internals, nothing that reveals whether
 * some other account exists.
 */
public class VigilException extends RuntimeException {

    private final ErrorCode code;
    private final List<FieldError> fieldErrors;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public VigilException(ErrorCode code, String detail) {
        this(code, detail, List.of());
    }

    public VigilException(ErrorCode code, String detail, List<FieldError> fieldErrors) {
        super(detail, null, false, false);
        this.code = code;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    /** A 400 {@code validation-failed} naming one field. */
    public static VigilException invalidField(String field, String message) {
        return new VigilException(CommonError.VALIDATION_FAILED, "The request is not valid",
                List.of(new FieldError(field, message)));
    }

    /** Adds a top-level member to the problem ({@code locked_until}, {@code reason}, ...). */
    public VigilException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
