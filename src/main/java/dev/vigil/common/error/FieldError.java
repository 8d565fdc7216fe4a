package dev.vigil.common.error;

/** One invalid request field, listed in the {@code errors} member of a validation problem. */
public record FieldError(String field, String message) {
}
