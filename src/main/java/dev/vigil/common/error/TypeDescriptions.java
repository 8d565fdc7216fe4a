package dev.vigil.common.error;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/** Says what a request value should have been, by its Java type, without naming any Java type. */
final class TypeDescriptions {

    private TypeDescriptions() {
    }

    /** What the field should have held, in words a client understands. */
    static String expectation(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type.isEnum()) {
            return "is not one of the allowed values";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a number";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "must be a string";
        }
        if (type == UUID.class) {
            return "must be a UUID";
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "must be an ISO-8601 instant such as 2026-11-21T09:00:00Z";
        }
        if (type == LocalDate.class) {
            return "must be an ISO-8601 date such as 2026-11-21";
        }
        if (type == Duration.class) {
            return "must be an ISO-8601 duration such as P30D";
        }
        if (type == ZoneId.class) {
            return "must be an IANA time zone such as Europe/Paris";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "must be an ISO-8601 date or time";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be an array";
        }
        if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
            return "must be an object";
        }
        return "has the wrong type";
    }
}
